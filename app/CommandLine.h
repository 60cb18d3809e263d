#pragma once

#include <QString>
#include <QStringList>

namespace pgnotion {

// What the user asked for on the command line. Parsed before any QApplication exists, because the
// headless modes must not need a display.
struct CommandLine {
    enum class Mode { Gui, Demo, Migrate, Version, Help, Invalid };

    Mode mode = Mode::Gui;
    QString databaseUrl; // --database-url, else PGNOTION_DATABASE_URL
    bool engineOnly = false;
    QString error;
    QString helpText;

    static CommandLine parse(const QStringList &arguments);
    bool needsGui() const { return mode == Mode::Gui || mode == Mode::Demo; }
};

} // namespace pgnotion

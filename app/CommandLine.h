#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace pgnotion {

// What the user asked for on the command line. Parsed before any QApplication exists, because the
// headless modes must not need a display.
struct CommandLine {
    enum class Mode {
        Gui,
        Demo,
        Migrate,
        Headless,
        Verify,
        Import,
        Check,
        CreateDatabases,
        StoreToken,
        Version,
        ShowConfig,
        Help,
        Invalid
    };

    Mode mode = Mode::Gui;
    QString databaseUrl;     // --database-url, else PGNOTION_DATABASE_URL, else the config file
    bool demoTables = false; // --demo-tables: migrations also create the demo's example tables
    // --headless
    QString notionBaseUrl;         // --notion-base-url, else the default (or PGNOTION_NOTION_BASE_URL)
    QString mappingFile;           // --mapping, else the default mapping
    QStringList databaseOverrides; // --notion-database TYPE=ID, repeatable
    int workers = 4;
    bool exitWhenIdle = false;
    QString instance;        // --instance: the stable name of this worker installation
    QString parentPage;      // --create-notion-databases PAGE: id or URL
    bool repair = false;     // --verify --repair (or --repair alone): enqueue the fixes of the drift found
    bool dryRun = false;     // --import --dry-run: read and match, write nothing
    bool createRows = false; // --import --create-rows: unmatched pages become rows where that is safe
    int webhookPort = 0;     // --webhook-port: the headless worker also receives Notion webhooks (0: off)
    QString webhookAddress;  // --webhook-address, else loopback (a TLS proxy in front)
    int metricsPort = 0;     // --metrics-port: the headless worker serves Prometheus metrics (0: off)
    QString metricsAddress;  // --metrics-address, else loopback
    QString notionTokenFile; // --notion-token-file: the token in a file only its owner may read
    QString logFormat = QStringLiteral("text"); // --log-format text|json (the headless worker's stderr)
    QStringList effectiveSettings; // `name = value    # origin` per setting, the password redacted
    QString error;
    QString helpText;

    // Settings come from the command line, else the environment, else the config file, else the defaults.
    static CommandLine
    parse(const QStringList &arguments,
          const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    bool needsGui() const { return mode == Mode::Gui || mode == Mode::Demo; }
};

} // namespace pgnotion

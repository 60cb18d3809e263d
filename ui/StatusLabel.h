#pragma once

#include "StatusColors.h"

#include <QLabel>

#include <optional>

namespace pgnotion {

// A selectable, word-wrapped label for the outcome of an action (a connection test, a save). An outcome is
// coloured good or bad from StatusColors on the label's own window colour, and coloured again when the
// palette changes (the desktop switching between light and dark), so it stays readable on either.
class StatusLabel : public QLabel {
    Q_OBJECT
public:
    StatusLabel(const QString &objectName, QWidget *parent);

    void showStatus(const QString &text, StatusColors::Status status);
    // Text in the palette's ordinary colour: "Testing…", "Saving…".
    void showPlain(const QString &text);
    std::optional<StatusColors::Status> status() const { return m_status; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColour();

    std::optional<StatusColors::Status> m_status;
};

} // namespace pgnotion

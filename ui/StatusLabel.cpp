#include "StatusLabel.h"

#include <QEvent>

namespace pgnotion {

StatusLabel::StatusLabel(const QString &objectName, QWidget *parent)
    : QLabel(parent) {
    setObjectName(objectName);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void StatusLabel::showStatus(const QString &text, StatusColors::Status status) {
    m_status = status;
    applyColour();
    setText(text);
}

void StatusLabel::showPlain(const QString &text) {
    m_status.reset();
    applyColour();
    setText(text);
}

void StatusLabel::changeEvent(QEvent *event) {
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColour();
}

void StatusLabel::applyColour() {
    if (!m_status) {
        if (testAttribute(Qt::WA_SetPalette))
            setPalette(QPalette()); // back to the inherited palette, every role
        return;
    }
    // Setting the colour changes the palette again: the second round finds it set and stops.
    const QColor colour = StatusColors::color(*m_status, palette(), QPalette::Window);
    if (testAttribute(Qt::WA_SetPalette) && palette().color(QPalette::WindowText) == colour)
        return;
    QPalette coloured;
    coloured.setColor(QPalette::WindowText, colour);
    setPalette(coloured);
}

} // namespace pgnotion

#include "AlertBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>

namespace pgnotion {

AlertBanner::AlertBanner(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this)) {
    setObjectName(QStringLiteral("alertBanner"));
    m_label->setObjectName(QStringLiteral("alertBannerLabel"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_label, 1);
    // A fixed colour, not the palette's: an alert must stand out in every theme.
    setAutoFillBackground(true);
    QPalette colours = palette();
    colours.setColor(QPalette::Window, QColor(0xc0, 0x1c, 0x28));
    colours.setColor(QPalette::WindowText, Qt::white);
    setPalette(colours);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Show the alerts"));
    hide();
}

QString AlertBanner::text() const {
    return m_label->text();
}

void AlertBanner::setAlerts(const QList<Alert> &alerts) {
    QStringList lines;
    for (const Alert &alert : alerts)
        lines.append(QStringLiteral("⚠ ") + alert.message);
    m_label->setText(lines.join(QLatin1Char('\n')));
    setVisible(!alerts.isEmpty());
}

void AlertBanner::mouseReleaseEvent(QMouseEvent *event) {
    if (event->button() == Qt::LeftButton)
        Q_EMIT activated();
    QWidget::mouseReleaseEvent(event);
}

} // namespace pgnotion

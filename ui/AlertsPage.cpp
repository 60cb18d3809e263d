#include "AlertsPage.h"

#include "AlertHistoryModel.h"
#include "AlertMonitor.h"
#include "DesktopNotifier.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>
#include <QTableView>
#include <QTime>
#include <QVBoxLayout>

namespace pgnotion {
namespace {

const QString kGroup = QStringLiteral("alerts");
const QString kFailureRateKey = QStringLiteral("failureRatePercent");
const QString kLatencyKey = QStringLiteral("latencySeconds");
const QString kQueueDepthKey = QStringLiteral("queueDepth");
const QString kHeartbeatKey = QStringLiteral("heartbeatSeconds");

} // namespace

AlertsPage::AlertsPage(QWidget *parent)
    : QWidget(parent)
    , m_monitor(new AlertMonitor(this))
    , m_history(new AlertHistoryModel(this))
    , m_notifier(new DesktopNotifier(this)) {
    setObjectName(QStringLiteral("alertsPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Alerts</b> — raised now"), this));
    m_activeList = new QListWidget(this);
    m_activeList->setObjectName(QStringLiteral("activeAlertsList"));
    m_activeList->setMaximumHeight(fontMetrics().height() * 7);
    layout->addWidget(m_activeList);
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("alertsMessageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_messageLabel);

    auto *lower = new QHBoxLayout;
    auto *historyBox = new QVBoxLayout;
    historyBox->addWidget(new QLabel(tr("<b>History</b> — raised and cleared, newest first"), this));
    m_historyView = new QTableView(this);
    m_historyView->setObjectName(QStringLiteral("alertHistoryView"));
    m_historyView->setModel(m_history);
    m_historyView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyView->setWordWrap(false);
    m_historyView->verticalHeader()->hide();
    m_historyView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_historyView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_historyView->horizontalHeader()->setSectionResizeMode(AlertHistoryModel::MessageColumn,
                                                            QHeaderView::Stretch);
    historyBox->addWidget(m_historyView, 1);
    lower->addLayout(historyBox, 1);
    auto *side = new QVBoxLayout;
    side->addWidget(createThresholdEditor());
    side->addStretch(1);
    lower->addLayout(side);
    layout->addLayout(lower, 1);

    connect(m_monitor, &AlertMonitor::activeAlertsChanged, this, &AlertsPage::showActive);
    connect(m_monitor, &AlertMonitor::alertRaised, this, [this](const Alert &alert) {
        notify(alert.id, tr("pgnotion alert: %1").arg(AlertHistoryModel::alertTitle(alert.id)), alert.message,
               true);
    });
    connect(m_monitor, &AlertMonitor::alertCleared, this, [this](const Alert &alert) {
        notify(alert.id, tr("pgnotion alert cleared: %1").arg(AlertHistoryModel::alertTitle(alert.id)),
               tr("Back to normal (was: %1)").arg(alert.message), false);
    });
    connect(m_monitor, &AlertMonitor::evaluated, this, [this](int changes) {
        m_messageLabel->setText(
            tr("Checked at %1").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
        if (changes > 0)
            m_history->reload();
    });
    connect(m_monitor, &AlertMonitor::evaluationFailed, this, [this](const QString &message) {
        m_messageLabel->setText(tr("Cannot check the alerts: %1").arg(message));
    });
    connect(m_history, &AlertHistoryModel::loadFailed, this, [this](const QString &message) {
        m_messageLabel->setText(tr("Cannot show the alert history: %1").arg(message));
    });

    const AlertThresholds saved = savedThresholds();
    showThresholds(saved);
    m_monitor->setThresholds(saved);
    showActive({});
}

QWidget *AlertsPage::createThresholdEditor() {
    auto *box = new QGroupBox(tr("Thresholds"), this);
    auto *form = new QFormLayout(box);
    m_failureRate = new QDoubleSpinBox(box);
    m_failureRate->setObjectName(QStringLiteral("failureRateSpinBox"));
    m_failureRate->setRange(0, 100);
    m_failureRate->setDecimals(1);
    m_failureRate->setSuffix(QStringLiteral(" %"));
    m_failureRate->setToolTip(tr("Alert when more of the last hour's syncs failed"));
    m_latency = new QDoubleSpinBox(box);
    m_latency->setObjectName(QStringLiteral("latencySpinBox"));
    m_latency->setRange(0.1, 24 * 3600);
    m_latency->setDecimals(1);
    m_latency->setSuffix(QStringLiteral(" s"));
    m_latency->setToolTip(tr("Alert when the last hour's p95 latency, write to Notion, is higher"));
    m_queueDepth = new QSpinBox(box);
    m_queueDepth->setObjectName(QStringLiteral("queueDepthSpinBox"));
    m_queueDepth->setRange(0, 100'000'000);
    m_queueDepth->setToolTip(tr("Alert when more jobs wait"));
    m_heartbeat = new QSpinBox(box);
    m_heartbeat->setObjectName(QStringLiteral("heartbeatSpinBox"));
    m_heartbeat->setRange(10, 7 * 24 * 3600);
    m_heartbeat->setSuffix(QStringLiteral(" s"));
    m_heartbeat->setToolTip(tr("Alert when no running engine has reported for longer"));
    form->addRow(tr("Failure rate above"), m_failureRate);
    form->addRow(tr("Latency (p95) above"), m_latency);
    form->addRow(tr("Queue depth above"), m_queueDepth);
    form->addRow(tr("No heartbeat for"), m_heartbeat);
    auto *buttons = new QHBoxLayout;
    m_applyButton = new QPushButton(tr("Apply"), box);
    m_applyButton->setObjectName(QStringLiteral("applyThresholdsButton"));
    m_defaultsButton = new QPushButton(tr("Restore defaults"), box);
    m_defaultsButton->setObjectName(QStringLiteral("restoreDefaultsButton"));
    buttons->addWidget(m_defaultsButton);
    buttons->addWidget(m_applyButton);
    form->addRow(buttons);
    connect(m_applyButton, &QPushButton::clicked, this, &AlertsPage::applyThresholds);
    connect(m_defaultsButton, &QPushButton::clicked, this, &AlertsPage::restoreDefaults);
    return box;
}

void AlertsPage::setDatabaseUrl(const QString &url) {
    m_monitor->setDatabaseUrl(url);
    m_history->setDatabaseUrl(url);
    if (url.isEmpty())
        m_messageLabel->clear();
}

AlertThresholds AlertsPage::savedThresholds() {
    const AlertThresholds defaults;
    QSettings settings;
    settings.beginGroup(kGroup);
    AlertThresholds thresholds;
    thresholds.failureRate = settings.value(kFailureRateKey, defaults.failureRate * 100).toDouble() / 100;
    thresholds.latencyMs = settings.value(kLatencyKey, defaults.latencyMs / 1000).toDouble() * 1000;
    thresholds.queueDepth = settings.value(kQueueDepthKey, defaults.queueDepth).toInt();
    thresholds.heartbeatSeconds = settings.value(kHeartbeatKey, defaults.heartbeatSeconds).toInt();
    return thresholds;
}

void AlertsPage::saveThresholds(const AlertThresholds &thresholds) {
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.setValue(kFailureRateKey, thresholds.failureRate * 100);
    settings.setValue(kLatencyKey, thresholds.latencyMs / 1000);
    settings.setValue(kQueueDepthKey, thresholds.queueDepth);
    settings.setValue(kHeartbeatKey, thresholds.heartbeatSeconds);
}

void AlertsPage::showThresholds(const AlertThresholds &thresholds) {
    m_failureRate->setValue(thresholds.failureRate * 100);
    m_latency->setValue(thresholds.latencyMs / 1000);
    m_queueDepth->setValue(thresholds.queueDepth);
    m_heartbeat->setValue(thresholds.heartbeatSeconds);
}

AlertThresholds AlertsPage::editedThresholds() const {
    AlertThresholds thresholds;
    thresholds.failureRate = m_failureRate->value() / 100;
    thresholds.latencyMs = m_latency->value() * 1000;
    thresholds.queueDepth = m_queueDepth->value();
    thresholds.heartbeatSeconds = m_heartbeat->value();
    return thresholds;
}

void AlertsPage::applyThresholds() {
    const AlertThresholds thresholds = editedThresholds();
    saveThresholds(thresholds);
    m_monitor->setThresholds(thresholds); // evaluates again at once
}

void AlertsPage::restoreDefaults() {
    showThresholds(AlertThresholds{});
    applyThresholds();
}

void AlertsPage::showActive(const QList<Alert> &alerts) {
    m_activeList->clear();
    for (const Alert &alert : alerts) {
        auto *item = new QListWidgetItem(
            style()->standardIcon(QStyle::SP_MessageBoxWarning),
            AlertHistoryModel::alertTitle(alert.id) + QStringLiteral(": ") + alert.message, m_activeList);
        item->setData(Qt::UserRole, alert.id);
    }
    if (alerts.isEmpty()) {
        auto *item = new QListWidgetItem(tr("No alert: the sync is healthy"), m_activeList);
        item->setFlags(Qt::NoItemFlags);
    }
}

void AlertsPage::notify(const QString &alertId, const QString &title, const QString &message, bool raised) {
    Q_EMIT notified(title, message);
    if (m_desktopNotifications)
        m_notifier->notify(alertId, title, message,
                           raised ? DesktopNotifier::Urgency::Critical : DesktopNotifier::Urgency::Normal);
}

} // namespace pgnotion

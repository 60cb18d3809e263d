#include "OverviewPage.h"

#include "OverviewCharts.h"
#include "db/DatabaseConnection.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace pgnotion {
namespace {

QString percent(const std::optional<double> &rate) {
    return rate ? QStringLiteral("%1 %").arg(*rate * 100, 0, 'f', 1) : QStringLiteral("—");
}

QString milliseconds(const std::optional<double> &ms) {
    if (!ms)
        return QStringLiteral("—");
    return *ms >= 1000 ? QStringLiteral("%1 s").arg(*ms / 1000, 0, 'f', 1)
                       : QStringLiteral("%1 ms").arg(*ms, 0, 'f', 0);
}

} // namespace

OverviewPage::OverviewPage(QWidget *parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("overviewPage"));
    qRegisterMetaType<pgnotion::SyncHealth>();
    auto *layout = new QVBoxLayout(this);
    auto *tiles = new QGridLayout;
    layout->addLayout(tiles);
    auto tile = [this, tiles](const QString &name, const QString &caption, int column) {
        auto *box = new QWidget(this);
        auto *boxLayout = new QVBoxLayout(box);
        auto *value = new QLabel(QStringLiteral("—"), box);
        value->setObjectName(name);
        QFont font = value->font();
        font.setPointSizeF(font.pointSizeF() * 1.5);
        font.setBold(true);
        value->setFont(font);
        boxLayout->addWidget(value);
        boxLayout->addWidget(new QLabel(caption, box));
        box->setAutoFillBackground(true);
        box->setBackgroundRole(QPalette::AlternateBase);
        tiles->addWidget(box, 0, column);
        return value;
    };
    m_successHour = tile(QStringLiteral("successHourLabel"), tr("success, last hour"), 0);
    m_successDay = tile(QStringLiteral("successDayLabel"), tr("success, 24 h"), 1);
    m_latency = tile(QStringLiteral("latencyLabel"), tr("latency p50 / p95, last hour"), 2);
    m_depth = tile(QStringLiteral("queueDepthLabel"), tr("waiting jobs"), 3);
    m_dead = tile(QStringLiteral("deadJobsLabel"), tr("failed jobs"), 4);
    m_throughput = tile(QStringLiteral("throughputLabel"), tr("syncs per minute"), 5);

    auto *controls = new QHBoxLayout;
    m_window = new QComboBox(this);
    m_window->setObjectName(QStringLiteral("windowComboBox"));
    m_window->addItem(tr("Last hour"), 60);
    m_window->addItem(tr("Last 24 hours"), 24 * 60);
    m_window->addItem(tr("Last 7 days"), 7 * 24 * 60);
    connect(m_window, &QComboBox::currentIndexChanged, this, &OverviewPage::refresh);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("overviewMessageLabel"));
    controls->addWidget(m_window);
    controls->addWidget(m_message, 1);
    layout->addLayout(controls);

    m_charts = new OverviewCharts(this);
    layout->addWidget(m_charts, 1);

    m_timer = new QTimer(this);
    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, &OverviewPage::refresh);
}

void OverviewPage::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    refresh();
    m_timer->start();
}

void OverviewPage::refresh() {
    if (m_refreshing || m_databaseUrl.isEmpty())
        return;
    m_refreshing = true;
    const auto window = std::chrono::minutes(m_window->currentData().toInt());
    auto *watcher = new QFutureWatcher<Result<SyncHealth>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto health = watcher->result();
        watcher->deleteLater();
        m_refreshing = false;
        if (!health) {
            m_message->setText(health.error().message);
            Q_EMIT refreshFailed(health.error().message);
            return;
        }
        display(health.value());
        Q_EMIT refreshed(health.value());
    });
    watcher->setFuture(QtConcurrent::run([url = m_databaseUrl, window]() -> Result<SyncHealth> {
        return withConnection(url, QStringLiteral("overview"),
                              [window](QSqlDatabase database) { return SyncHealth::read(database, window); });
    }));
}

void OverviewPage::display(const SyncHealth &health) {
    m_successHour->setText(percent(health.successRateHour));
    m_successDay->setText(percent(health.successRateDay));
    m_latency->setText(milliseconds(health.p50Ms) + QStringLiteral(" / ") + milliseconds(health.p95Ms));
    m_depth->setText(QString::number(health.queueDepth));
    m_dead->setText(QString::number(health.deadJobs));
    m_throughput->setText(QString::number(health.throughputPerMinute, 'f', 1));
    m_message->setText(tr("Updated %1").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));

    m_charts->display(health, m_window->currentData().toInt());
}

} // namespace pgnotion

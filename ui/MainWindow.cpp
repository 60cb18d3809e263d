#include "MainWindow.h"

#include "ActivityPage.h"
#include "AlertBanner.h"
#include "AlertMonitor.h"
#include "AlertsPage.h"
#include "ConflictsPage.h"
#include "EngineStatusPanel.h"
#include "FailedSyncsPage.h"
#include "OverviewPage.h"
#include "QueueCountsModel.h"
#include "QueueListener.h"
#include "ResourcesPage.h"
#include "SettingsPage.h"
#include "VerifyDialog.h"
#include "db/DatabaseConnection.h"
#include "queue/QueueStats.h"
#include "queue/WorkerPool.h"

#include <QCloseEvent>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace pgnotion {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_countsModel(new QueueCountsModel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("pgnotion"));
    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("pagesTabWidget"));
    m_overview = new OverviewPage(m_pages);
    m_failed = new FailedSyncsPage(m_pages);
    m_resources = new ResourcesPage(m_pages);
    m_activity = new ActivityPage(m_pages);
    m_conflicts = new ConflictsPage(m_pages);
    m_alerts = new AlertsPage(m_pages);
    m_settings = new SettingsPage(m_pages);
    m_pages->addTab(m_overview, tr("Overview"));
    m_pages->addTab(m_failed, tr("Failed syncs"));
    m_pages->addTab(m_resources, tr("Resources"));
    m_pages->addTab(m_activity, tr("Activity"));
    m_pages->addTab(m_conflicts, tr("Conflicts"));
    m_pages->addTab(m_alerts, tr("Alerts"));
    m_pages->addTab(createQueuePage(), tr("Queue"));
    m_pages->addTab(m_settings, tr("Settings"));
    for (int page = 0; page < m_pages->count(); ++page) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)), this);
        connect(shortcut, &QShortcut::activated, this, [this, page] { m_pages->setCurrentIndex(page); });
        m_pages->setTabToolTip(page, tr("Ctrl+%1").arg(page + 1));
    }

    connect(m_resources, &ResourcesPage::verifyRequested, this, &MainWindow::openVerifyDialog);
    connect(m_conflicts, &ConflictsPage::conflictsChanged, this, [this](int open) {
        m_pages->setTabText(m_pages->indexOf(m_conflicts),
                            open > 0 ? tr("Conflicts (%1)").arg(open) : tr("Conflicts"));
    });

    // Active alerts stand above every page; a click opens the Alerts page.
    m_banner = new AlertBanner(this);
    connect(m_alerts->monitor(), &AlertMonitor::activeAlertsChanged, m_banner, &AlertBanner::setAlerts);
    connect(m_banner, &AlertBanner::activated, this, [this] { m_pages->setCurrentWidget(m_alerts); });
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_banner);
    centralLayout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_connectionLabel = new QLabel(tr("Not connected"), this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    statusBar()->addPermanentWidget(m_connectionLabel);
    m_enginePanel = new EngineStatusPanel(this);
    statusBar()->addPermanentWidget(m_enginePanel);

    // A NOTIFY from the queue (a write enqueued anywhere, a retry, a resume) refreshes what it changes
    // at once; the timers stay as the safety net.
    m_listener = new QueueListener(this);
    connect(m_listener, &QueueListener::queueChanged, this, [this] {
        refresh();
        m_enginePanel->refresh();
        m_activity->refresh();
    });

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setInterval(2000);
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refresh);
    resize(1100, 700);
    restoreWindowState();
}

QWidget *MainWindow::createQueuePage() {
    auto *queue = new QWidget(m_pages);
    queue->setObjectName(QStringLiteral("queuePage"));
    auto *layout = new QVBoxLayout(queue);
    auto *heading = new QLabel(
        tr("<b>Sync queue</b> — jobs waiting, running, retrying and failed, per resource type"), queue);
    m_countsView = new QTableView(queue);
    m_countsView->setObjectName(QStringLiteral("queueCountsView"));
    m_countsView->setModel(m_countsModel);
    m_countsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_countsView->verticalHeader()->hide();
    layout->addWidget(heading);
    layout->addWidget(m_countsView);
    return queue;
}

void MainWindow::restoreWindowState() {
    QSettings settings;
    settings.beginGroup(QStringLiteral("window"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_pages->setCurrentIndex(settings.value(QStringLiteral("page"), 0).toInt());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    QSettings settings;
    settings.beginGroup(QStringLiteral("window"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("page"), m_pages->currentIndex());
    QMainWindow::closeEvent(event);
}

void MainWindow::setMapping(const Mapping &mapping) {
    m_mapping = mapping;
    m_resources->setMapping(mapping);
    m_conflicts->setMapping(mapping);
}

void MainWindow::setNotion(const NotionClientOptions &notion) {
    m_notion = notion;
    m_resources->setVerifyAvailable(true);
}

void MainWindow::openVerifyDialog() {
    if (!m_notion || m_databaseUrl.isEmpty())
        return;
    auto *dialog = new VerifyDialog(m_databaseUrl, m_mapping, *m_notion, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->verify();
}

void MainWindow::attachEngine(WorkerPool *pool) {
    connect(pool, &WorkerPool::notionAuthenticationFailed, m_enginePanel,
            &EngineStatusPanel::setLocalNotionError);
    connect(pool, &WorkerPool::notionAuthenticationFailed, m_alerts->monitor(),
            [monitor = m_alerts->monitor()] { monitor->setNotionTokenRejected(true); });
    connect(m_enginePanel, &EngineStatusPanel::resumed, pool, [this, pool] {
        m_alerts->monitor()->setNotionTokenRejected(false);
        if (pool->isPaused())
            pool->resume();
    });
    // What this process's engine did shows at once, without waiting for the next poll.
    connect(pool, &WorkerPool::jobsProcessed, m_activity, &ActivityPage::refresh);
}

void MainWindow::showStatus(const QString &message) {
    statusBar()->showMessage(message);
}

void MainWindow::connectToDatabase(const QString &url) {
    m_databaseUrl = url;
    m_overview->setDatabaseUrl(url);
    m_failed->setDatabaseUrl(url);
    m_resources->setDatabaseUrl(url);
    m_activity->setDatabaseUrl(url);
    m_conflicts->setDatabaseUrl(url);
    m_alerts->setDatabaseUrl(url);
    m_enginePanel->setDatabaseUrl(url);
    m_listener->listen(url);
    refresh();
    m_refreshTimer->start();
}

void MainWindow::refresh() {
    if (m_refreshing || m_databaseUrl.isEmpty())
        return;
    m_refreshing = true;
    // The query runs on a pool thread with a connection of its own; the watcher belongs to this window,
    // so a result arriving after the window is gone is dropped.
    auto *watcher = new QFutureWatcher<Result<QList<QueueCount>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto counts = watcher->result();
        watcher->deleteLater();
        m_refreshing = false;
        if (!counts) {
            m_connectionLabel->setText(tr("PostgreSQL: %1").arg(counts.error().message));
            return;
        }
        m_countsModel->setCounts(counts.value());
        m_connectionLabel->setText(tr("PostgreSQL connected — %1 waiting, %2 failed")
                                       .arg(m_countsModel->total(QueueCountsModel::PendingColumn) +
                                            m_countsModel->total(QueueCountsModel::RetryingColumn))
                                       .arg(m_countsModel->total(QueueCountsModel::DeadColumn)));
    });
    watcher->setFuture(QtConcurrent::run([url = m_databaseUrl]() -> Result<QList<QueueCount>> {
        return withConnection(url, QStringLiteral("dashboard"), &QueueStats::countsByType);
    }));
}

} // namespace pgnotion

#include "MainWindow.h"

#include "FailedSyncsPage.h"
#include "OverviewPage.h"
#include "QueueCountsModel.h"
#include "db/DatabaseConnection.h"
#include "queue/QueueStats.h"

#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
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
    m_pages->addTab(m_overview, tr("Overview"));

    auto *queue = new QWidget(m_pages);
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
    m_pages->addTab(queue, tr("Queue"));
    m_failed = new FailedSyncsPage(m_pages);
    m_pages->insertTab(1, m_failed, tr("Failed syncs"));
    setCentralWidget(m_pages);
    for (int page = 0; page < m_pages->count(); ++page) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)), this);
        connect(shortcut, &QShortcut::activated, this, [this, page] { m_pages->setCurrentIndex(page); });
    }

    m_connectionLabel = new QLabel(tr("Not connected"), this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    statusBar()->addPermanentWidget(m_connectionLabel);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setInterval(2000);
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refresh);
    resize(1100, 700);
}

void MainWindow::showStatus(const QString &message) {
    statusBar()->showMessage(message);
}

void MainWindow::connectToDatabase(const QString &url) {
    m_databaseUrl = url;
    m_overview->setDatabaseUrl(url);
    m_failed->setDatabaseUrl(url);
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

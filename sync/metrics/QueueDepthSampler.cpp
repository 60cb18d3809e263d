#include "metrics/QueueDepthSampler.h"

#include "db/DatabaseConnection.h"

#include <QSqlQuery>
#include <QThread>
#include <QTimer>

namespace pgnotion {

QueueCount QueueDepthSnapshot::total() const {
    QueueCount sum;
    for (const QueueCount &count : counts) {
        sum.pending += count.pending;
        sum.running += count.running;
        sum.retrying += count.retrying;
        sum.dead += count.dead;
    }
    return sum;
}

QueueDepthSampler::QueueDepthSampler(DatabaseUrl url, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_interval(interval) {}

QueueDepthSampler::~QueueDepthSampler() {
    stop();
}

void QueueDepthSampler::start() {
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("pgnotion-metrics-queue"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_context, [this] {
        m_timer = new QTimer(m_context);
        m_timer->setInterval(m_interval);
        connect(m_timer, &QTimer::timeout, m_context, [this] { sampleOnThread(); });
        m_timer->start();
        sampleOnThread();
    });
    connect(m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread->start();
}

void QueueDepthSampler::stop() {
    if (!m_thread)
        return;
    // The timer and the connection belong to the sampler's thread: they end there.
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_timer;
            m_timer = nullptr;
            m_connection.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait(); // the context is deleted as the thread finishes
    delete m_thread;
    m_context = nullptr;
    m_thread = nullptr;
}

QueueDepthSnapshot QueueDepthSampler::snapshot() const {
    QMutexLocker lock(&m_mutex);
    return m_snapshot;
}

void QueueDepthSampler::sampleOnThread() {
    auto failed = [this](const QString &message) {
        m_connection.reset(); // it may be broken: the next sample opens a new one
        QMutexLocker lock(&m_mutex);
        ++m_snapshot.failures;
        m_snapshot.lastError = message;
    };
    if (!m_connection) {
        m_connection = std::make_unique<DatabaseConnection>(m_url, QStringLiteral("metrics"));
        auto opened = m_connection->open();
        // A stuck server must not hold the sampler (and a stop waiting for it) for long.
        if (opened)
            opened = m_connection->execute(QStringLiteral("SET statement_timeout = '5s'"));
        if (!opened) {
            failed(opened.error().message);
            Q_EMIT sampled();
            return;
        }
    }
    auto counts = QueueStats::countsByType(m_connection->database());
    QSqlQuery control(m_connection->database());
    if (!counts) {
        failed(counts.error().message);
    } else if (!control.exec(QStringLiteral("SELECT paused, coalesce(changed_by, '') FROM "
                                            "pgnotion.queue_control WHERE singleton"))) {
        failed(sqlError(control, QStringLiteral("Reading whether the queue is paused")).message);
    } else {
        const bool hasRow = control.next();
        QMutexLocker lock(&m_mutex);
        m_snapshot.counts = counts.value();
        m_snapshot.queuePaused = hasRow && control.value(0).toBool();
        m_snapshot.pausedBy = hasRow ? control.value(1).toString() : QString();
        m_snapshot.sampledAt = QDateTime::currentDateTimeUtc();
        m_snapshot.lastError.clear();
    }
    Q_EMIT sampled();
}

} // namespace pgnotion

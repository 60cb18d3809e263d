#include "inbound/InboundPoller.h"

#include "inbound/InboundPollWorker.h"

#include <QThread>

namespace pgnotion {

InboundPoller::InboundPoller(DatabaseUrl url, std::shared_ptr<const Mapping> mapping,
                             QHash<QString, QString> dataSources, NotionClientOptions notion,
                             InboundPollerOptions options, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_mapping(std::move(mapping))
    , m_dataSources(std::move(dataSources))
    , m_notion(std::move(notion))
    , m_options(options) {
    qRegisterMetaType<pgnotion::InboundPollReport>();
}

InboundPoller::~InboundPoller() {
    if (!m_thread)
        return;
    // Destroyed without waiting for `stopped`: stop in the poll thread and wait for it here.
    QMetaObject::invokeMethod(m_worker, &InboundPollWorker::stop, Qt::QueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void InboundPoller::start() {
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("inbound-poller"));
    m_worker = new InboundPollWorker(m_url, m_mapping, m_dataSources, m_notion, m_options.interval,
                                     m_options.overlap);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &InboundPollWorker::polled, this, &InboundPoller::polled);
    connect(m_worker, &InboundPollWorker::errorOccurred, this, &InboundPoller::errorOccurred);
    connect(m_worker, &InboundPollWorker::stopped, this, &InboundPoller::workerStopped);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &InboundPollWorker::start, Qt::QueuedConnection);
}

void InboundPoller::pollNow() {
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &InboundPollWorker::pollNow, Qt::QueuedConnection);
}

void InboundPoller::stop() {
    if (!m_worker) {
        Q_EMIT stopped();
        return;
    }
    QMetaObject::invokeMethod(m_worker, &InboundPollWorker::stop, Qt::QueuedConnection);
}

void InboundPoller::workerStopped() {
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    delete m_thread; // its finished() deleted the worker
    m_thread = nullptr;
    m_worker = nullptr;
    Q_EMIT stopped();
}

} // namespace pgnotion

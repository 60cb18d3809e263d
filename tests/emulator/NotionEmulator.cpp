#include "NotionEmulator.h"

#include "EmulatorServer.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QThread>

namespace notionemu {

using namespace Qt::StringLiterals;

NotionEmulator::NotionEmulator()
    : m_core(std::make_shared<EmulatorCore>()) {
    m_core->addToken(defaultToken());
}

NotionEmulator::~NotionEmulator() {
    stop();
}

bool NotionEmulator::start(quint16 port) {
    if (m_thread)
        return true;
    m_thread = new QThread;
    m_thread->setObjectName(u"notion-emulator"_s);
    m_server = new EmulatorServer(m_core);
    m_server->moveToThread(m_thread);
    m_thread->start();
    quint16 bound = 0;
    QMetaObject::invokeMethod(
        m_server, [this, port, &bound] { bound = m_server->listen(QHostAddress::LocalHost, port); },
        Qt::BlockingQueuedConnection);
    if (bound == 0) {
        stop();
        return false;
    }
    m_port = bound;
    return true;
}

void NotionEmulator::stop() {
    if (!m_thread)
        return;
    // The server and its sockets belong to the emulator thread: they are destroyed there.
    QMetaObject::invokeMethod(
        m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_server = nullptr;
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_port = 0;
}

QUrl NotionEmulator::baseUrl() const {
    return QUrl(u"http://127.0.0.1:"_s + QString::number(m_port));
}

void NotionEmulator::addToken(const QString &token, const QString &botName) {
    m_core->addToken(token, botName);
}

void NotionEmulator::revokeToken(const QString &token) {
    m_core->revokeToken(token);
}

QString NotionEmulator::botUserId(const QString &token) {
    return m_core->botUserId(token);
}

QString NotionEmulator::personUserId() {
    return m_core->personUserId();
}

void NotionEmulator::setRateLimit(double requestsPerSecond, int burst) {
    m_core->setRateLimit(requestsPerSecond, burst);
}

void NotionEmulator::setLatency(std::chrono::milliseconds latency) {
    m_core->setLatencyMs(int(latency.count()));
}

QStringList NotionEmulator::setFaults(double rate, const QStringList &kinds) {
    return m_core->setFaults(rate, kinds);
}

void NotionEmulator::setRandomSeed(quint32 seed) {
    m_core->setRandomSeed(seed);
}

void NotionEmulator::failNext(const QStringList &kinds) {
    m_core->failNext(kinds);
}

void NotionEmulator::setQueryResultLimit(int limit) {
    m_core->setQueryResultLimit(limit);
}

void NotionEmulator::advanceClock(std::chrono::milliseconds by) {
    m_core->advanceClock(by.count());
}

QJsonObject NotionEmulator::seed(const QJsonObject &seed, QString *error) {
    return m_core->seed(seed, error);
}

NotionEmulator::CreatedDatabase NotionEmulator::createDatabase(const QString &title,
                                                               const QJsonObject &properties,
                                                               const QStringList &sharedWith) {
    const QJsonObject database{{u"title"_s, title},
                               {u"properties"_s, properties},
                               {u"shared_with"_s, QJsonArray::fromStringList(sharedWith)}};
    const QJsonObject created = m_core->seed(QJsonObject{{u"databases"_s, QJsonArray{database}}});
    const QJsonObject first = created.value(u"databases"_s).toArray().first().toObject();
    return {first.value(u"id"_s).toString(),
            first.value(u"data_sources"_s).toArray().first().toObject().value(u"id"_s).toString()};
}

QJsonObject NotionEmulator::snapshot() {
    return m_core->snapshot();
}

bool NotionEmulator::loadSnapshot(const QJsonObject &snapshot) {
    return m_core->loadSnapshot(snapshot);
}

void NotionEmulator::reset() {
    m_core->reset();
}

bool NotionEmulator::editPageAsPerson(const QString &pageId, const QJsonObject &properties, QString *error) {
    return m_core->editPageAsPerson(pageId, properties, error);
}

bool NotionEmulator::trashPageAsPerson(const QString &pageId, bool inTrash, QString *error) {
    return m_core->setPageInTrash(pageId, inTrash, error);
}

int NotionEmulator::countPages(const QString &dataSourceId, bool includeTrashed) {
    return m_core->countPages(dataSourceId, includeTrashed);
}

QJsonObject NotionEmulator::page(const QString &pageId) {
    return m_core->renderPage(pageId);
}

QList<RequestLogEntry> NotionEmulator::requestLog() {
    return m_core->requestLog();
}

void NotionEmulator::clearRequestLog() {
    m_core->clearRequestLog();
}

EmulatorCounters NotionEmulator::counters() {
    return m_core->counters();
}

} // namespace notionemu

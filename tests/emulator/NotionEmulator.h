#pragma once

#include "EmulatorCore.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <memory>

class QThread;

namespace notionemu {

class EmulatorServer;

// An emulated Notion API (version 2025-09-03) on 127.0.0.1, for tests and demos. The HTTP server runs in its
// own thread, so a test may block on a client call in its thread; every method here is thread-safe.
//
//   notionemu::NotionEmulator notion;
//   notion.start();
//   const auto db = notion.createDatabase(u"Customers"_s, QJsonObject{{u"Name"_s, QJsonObject{{u"title"_s,
//   QJsonObject{}}}}}); client.setBaseUrl(notion.baseUrl()); client.setToken(notion.defaultToken()); ...
class NotionEmulator {
public:
    NotionEmulator();
    ~NotionEmulator();
    NotionEmulator(const NotionEmulator &) = delete;
    NotionEmulator &operator=(const NotionEmulator &) = delete;

    static QString defaultToken() { return QStringLiteral("secret_emulator"); }

    // Listens on 127.0.0.1:`port` (0: any free port). False when the port cannot be bound.
    bool start(quint16 port = 0);
    void stop();
    quint16 port() const { return m_port; }
    QUrl baseUrl() const; // http://127.0.0.1:PORT (the API lives under /v1)

    // Integration tokens. `defaultToken()` is accepted from the start.
    void addToken(const QString &token, const QString &botName = {});
    void revokeToken(const QString &token);
    QString botUserId(const QString &token = defaultToken());
    QString personUserId();

    // Behaviour. Rate 0 turns the rate limit off. Fault kinds: "500","502","503","504","529","reset",
    // "apply_then_reset"; returns the names it did not know.
    void setRateLimit(double requestsPerSecond, int burst);
    void setLatency(std::chrono::milliseconds latency);
    QStringList setFaults(double rate, const QStringList &kinds);
    void setRandomSeed(quint32 seed);
    // The next API requests fail with these kinds, in order, whatever the fault rate.
    void failNext(const QStringList &kinds);
    void setQueryResultLimit(int limit); // Notion's is 10,000
    void advanceClock(std::chrono::milliseconds by);

    // Data. The seed format is in README.md; the result lists the ids created.
    QJsonObject seed(const QJsonObject &seed, QString *error = nullptr);
    struct CreatedDatabase {
        QString databaseId;
        QString dataSourceId;
    };
    // A database with one data source; `properties` in the form of POST /v1/databases'
    // initial_data_source.properties. Empty ids on an invalid schema.
    CreatedDatabase createDatabase(const QString &title, const QJsonObject &properties,
                                   const QStringList &sharedWith = {});
    QJsonObject snapshot();
    bool loadSnapshot(const QJsonObject &snapshot);
    void reset(); // everything but tokens and settings

    // Acting as a person in Notion (last_edited_by is the person, not the integration's bot).
    bool editPageAsPerson(const QString &pageId, const QJsonObject &properties, QString *error = nullptr);
    bool trashPageAsPerson(const QString &pageId, bool inTrash = true, QString *error = nullptr);
    int countPages(const QString &dataSourceId, bool includeTrashed = false);
    QJsonObject page(const QString &pageId); // as GET /v1/pages/{id} would answer; empty if unknown

    QList<RequestLogEntry> requestLog();
    void clearRequestLog();
    EmulatorCounters counters();

    EmulatorCore &core() { return *m_core; }

private:
    std::shared_ptr<EmulatorCore> m_core;
    QThread *m_thread = nullptr;
    EmulatorServer *m_server = nullptr;
    quint16 m_port = 0;
};

} // namespace notionemu

#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace pgnotion {

// The Notion emulator as a separate process (the `pgnotion-notion-emulator` next to this program): the demo's
// Notion, and the benches' (so that their process's CPU time is the client's or the engine's alone).
class EmulatorProcess {
public:
    ~EmulatorProcess();

    // Starts it with these flags (plus --port 0); false and a message when it does not come up.
    bool start(const QStringList &flags, QString &error);
    QUrl baseUrl() const { return m_baseUrl; }
    // POST to an admin endpoint (/__emulator/...); the answer, or an empty object and `error`.
    QJsonObject post(const QString &path, const QJsonObject &body, QString &error) const;
    QJsonObject get(const QString &path, QString &error) const;
    // The same admin calls from any thread that has no EmulatorProcess (they wait in a local event loop).
    static QJsonObject adminCall(const QUrl &base, const QString &path, const QByteArray &method,
                                 const QJsonObject &body, QString &error);

private:
    QProcess m_process;
    QUrl m_baseUrl;
};

} // namespace pgnotion

#include "EmulatorProcess.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace pgnotion {
QJsonObject EmulatorProcess::adminCall(const QUrl &base, const QString &path, const QByteArray &method,
                                       const QJsonObject &body, QString &error) {
    QNetworkAccessManager network;
    QUrl url = base;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = network.sendCustomRequest(
        request, method, method == "GET" ? QByteArray() : QJsonDocument(body).toJson());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const QByteArray answer = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        error = reply->errorString() + QStringLiteral(": ") + QString::fromUtf8(answer);
    return QJsonDocument::fromJson(answer).object();
}

EmulatorProcess::~EmulatorProcess() {
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        m_process.waitForFinished(10000);
    }
}

bool EmulatorProcess::start(const QStringList &flags, QString &error) {
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(QCoreApplication::applicationDirPath() + QStringLiteral("/pgnotion-notion-emulator"),
                    QStringList{QStringLiteral("--port"), QStringLiteral("0")} + flags);
    if (!m_process.waitForStarted(10000) || !m_process.waitForReadyRead(10000)) {
        error = QStringLiteral("the emulator (pgnotion-notion-emulator next to this program) did not start");
        return false;
    }
    const QString banner = QString::fromUtf8(m_process.readLine()).trimmed();
    m_baseUrl = QUrl(banner.section(QLatin1Char(' '), -1));
    if (!m_baseUrl.isValid() || m_baseUrl.port() <= 0) {
        error = QStringLiteral("unexpected emulator banner: ") + banner;
        return false;
    }
    return true;
}

QJsonObject EmulatorProcess::post(const QString &path, const QJsonObject &body, QString &error) const {
    return adminCall(m_baseUrl, path, "POST", body, error);
}

QJsonObject EmulatorProcess::get(const QString &path, QString &error) const {
    return adminCall(m_baseUrl, path, "GET", {}, error);
}

} // namespace pgnotion

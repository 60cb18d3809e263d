#include "LogWriter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace pgnotion {
namespace {

QString now() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace

LogWriter::LogWriter(QTextStream &stream, Format format)
    : m_stream(stream)
    , m_format(format) {}

void LogWriter::write(const QString &level, const QString &message) {
    if (m_format == Format::Text) {
        m_stream << "pgnotion: " << message << Qt::endl;
        return;
    }
    const QJsonObject line{{QStringLiteral("time"), now()},
                           {QStringLiteral("level"), level},
                           {QStringLiteral("event"), QStringLiteral("message")},
                           {QStringLiteral("message"), message}};
    m_stream << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)) << Qt::endl;
}

void LogWriter::job(const JobReport &report) {
    if (m_format == Format::Text) {
        m_stream << "pgnotion: job " << report.jobId << ' ' << report.resourceType << ' ' << report.resourceId
                 << " attempt " << report.attempt << ": " << report.outcome << " in " << report.durationMs
                 << " ms";
        if (!report.message.isEmpty())
            m_stream << " — " << report.message;
        m_stream << Qt::endl;
        return;
    }
    const bool failed = report.outcome != QLatin1String("completed");
    QJsonObject line{{QStringLiteral("time"), now()},
                     {QStringLiteral("level"), failed ? QStringLiteral("warning") : QStringLiteral("info")},
                     {QStringLiteral("event"), QStringLiteral("job")},
                     {QStringLiteral("job_id"), report.jobId},
                     {QStringLiteral("resource_type"), report.resourceType},
                     {QStringLiteral("resource_id"), report.resourceId},
                     {QStringLiteral("direction"), report.direction},
                     {QStringLiteral("attempt"), report.attempt},
                     {QStringLiteral("outcome"), report.outcome},
                     {QStringLiteral("duration_ms"), report.durationMs}};
    if (!report.message.isEmpty())
        line.insert(QStringLiteral("message"), report.message);
    m_stream << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)) << Qt::endl;
}

} // namespace pgnotion

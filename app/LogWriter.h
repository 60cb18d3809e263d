#pragma once

#include "queue/JobReport.h"

#include <QTextStream>

namespace pgnotion {

// The headless worker's log on stderr: `pgnotion: ...` lines for people, or with --log-format json one JSON
// object per line for log collectors (time, level, event, and for a job its id, resource, direction,
// attempt, outcome, duration and message). Nothing logged carries a token: job messages are the engine's
// own, which never include one.
class LogWriter {
public:
    enum class Format { Text, Json };

    LogWriter(QTextStream &stream, Format format);

    void info(const QString &message) { write(QStringLiteral("info"), message); }
    void warning(const QString &message) { write(QStringLiteral("warning"), message); }
    void error(const QString &message) { write(QStringLiteral("error"), message); }
    void job(const JobReport &report);

private:
    void write(const QString &level, const QString &message);

    QTextStream &m_stream;
    Format m_format;
};

} // namespace pgnotion

#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace pgnotion {

// One finished attempt, as the dashboard's live views receive it.
struct JobReport {
    qint64 jobId = 0;
    QString resourceType;
    QString resourceId;
    QString direction;
    int attempt = 0;
    QString outcome; // completed, retry, rescheduled, dead, superseded, lease_lost
    QString failureKind;
    QString message;
    qint64 durationMs = 0;
};

} // namespace pgnotion

Q_DECLARE_METATYPE(pgnotion::JobReport)

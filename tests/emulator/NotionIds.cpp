#include "NotionIds.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

namespace notionemu {

using namespace Qt::StringLiterals;

QString newNotionId() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toLower();
}

QString normalizeNotionId(const QString &raw) {
    static const QRegularExpression compact(u"^[0-9a-fA-F]{32}$"_s);
    static const QRegularExpression dashed(
        u"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"_s);
    if (dashed.match(raw).hasMatch())
        return raw.toLower();
    if (!compact.match(raw).hasMatch())
        return {};
    const QString lower = raw.toLower();
    return lower.mid(0, 8) + u'-' + lower.mid(8, 4) + u'-' + lower.mid(12, 4) + u'-' + lower.mid(16, 4) +
           u'-' + lower.mid(20);
}

QString compactNotionId(const QString &dashedId) {
    QString compact = dashedId;
    compact.remove(u'-');
    return compact;
}

QString notionTimestamp(const QDateTime &time) {
    return time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u'Z';
}

QDateTime floorToMinute(const QDateTime &time) {
    const QDateTime utc = time.toUTC();
    return QDateTime(utc.date(), QTime(utc.time().hour(), utc.time().minute()), Qt::UTC);
}

QString newPropertyId() {
    // Real ids look like "BJXS" or "%3AUPp" (already URL-encoded); letters and digits keep paths simple.
    static const QString alphabet = u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"_s;
    QString id;
    for (int i = 0; i < 4; ++i)
        id += alphabet.at(int(QRandomGenerator::global()->bounded(alphabet.size())));
    return id;
}

} // namespace notionemu

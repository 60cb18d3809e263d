#include "ConfigFile.h"

#include "db/DatabaseUrl.h"

#include <QFile>
#include <QFileInfo>

namespace pgnotion {

namespace {

Error fileError(const QString &where, const QString &what) {
    return Error{where + QStringLiteral(": ") + what, QStringLiteral("bad_config")};
}

QString unquoted(QString value) {
    if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"'))
        return value.mid(1, value.size() - 2);
    return value;
}

bool readableByOthers(const QString &path) {
    const QFileDevice::Permissions permissions = QFileInfo(path).permissions();
    return permissions & (QFileDevice::ReadGroup | QFileDevice::ReadOther);
}

bool holdsPassword(const QString &databaseUrl) {
    const auto url = DatabaseUrl::parse(databaseUrl);
    return url.ok() && url.value().toString() != url.value().redacted();
}

} // namespace

QString ConfigFile::locationOf(const QString &key) const {
    return QStringLiteral("%1:%2").arg(m_path).arg(m_lines.value(key));
}

Result<ConfigFile> ConfigFile::load(const QString &path, const Keys &keys) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return fileError(path, QStringLiteral("cannot read the config file (%1)").arg(file.errorString()));
    ConfigFile config;
    config.m_path = path;
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QString where = QStringLiteral("%1:%2").arg(path).arg(lineNumber);
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0)
            return fileError(where, QStringLiteral("expected `name = value`"));
        const QString key = line.left(equals).trimmed();
        const QString value = unquoted(line.mid(equals + 1).trimmed());
        if (key == QLatin1String("notion-token"))
            return fileError(where, QStringLiteral("the Notion token does not belong in a config file: use "
                                                   "notion-token-file (a file only its owner can read), "
                                                   "PGNOTION_NOTION_TOKEN or the system keychain"));
        if (!keys.known.contains(key))
            return fileError(where, QStringLiteral("unknown setting \"%1\" (known: %2)")
                                        .arg(key, keys.known.join(QStringLiteral(", "))));
        if (config.m_values.contains(key) && !keys.repeatable.contains(key))
            return fileError(where, QStringLiteral("\"%1\" is set twice (first on line %2)")
                                        .arg(key)
                                        .arg(config.m_lines.value(key)));
        if (key == QLatin1String("database-url") && holdsPassword(value) && readableByOthers(path))
            return fileError(where, QStringLiteral("holds a database password and other users can read the "
                                                   "file: chmod 600 %1 (or keep the URL in an environment "
                                                   "file only the worker's user can read)")
                                        .arg(path));
        config.m_values[key].append(value);
        if (!config.m_lines.contains(key))
            config.m_lines.insert(key, lineNumber);
    }
    return config;
}

} // namespace pgnotion

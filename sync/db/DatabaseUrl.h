#pragma once

#include "common/Result.h"

#include <QList>
#include <QPair>
#include <QString>

class QSqlDatabase;

namespace pgnotion {

// A PostgreSQL connection URL (postgresql://user:password@host:port/database?sslmode=require&...).
// QPSQL does not accept a URL as a database name, so the URL is taken apart here and handed to
// QSqlDatabase field by field, its query parameters becoming libpq connect options.
class DatabaseUrl {
public:
    static Result<DatabaseUrl> parse(const QString &url);

    void applyTo(QSqlDatabase &database) const;
    // The URL with the password replaced: safe for logs, window titles and error messages.
    QString redacted() const;
    QString toString() const;
    DatabaseUrl withDatabase(const QString &database) const;

    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString user() const { return m_user; }
    QString database() const { return m_database; }
    QString option(const QString &key) const;

private:
    QString m_host;
    int m_port = 5432;
    QString m_user;
    QString m_password;
    QString m_database;
    QList<QPair<QString, QString>> m_options;
};

} // namespace pgnotion

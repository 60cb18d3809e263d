#include "settings/ConnectionTester.h"

#include "db/ConnectionFailure.h"
#include "db/DatabaseConnection.h"
#include "db/Migrator.h"
#include "mapping/MappingLoader.h"
#include "mapping/MappingValidator.h"
#include "notion/NotionApi.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace pgnotion {
namespace {

using namespace std::chrono_literals;

QString quotedTable(const QSqlDriver *driver, const QString &table) {
    QStringList parts;
    for (const QString &part : table.split(QLatin1Char('.')))
        parts.append(driver->escapeIdentifier(part, QSqlDriver::TableName));
    return parts.join(QLatin1Char('.'));
}

// The columns a resource reads from its row, each with what needs it (for the message).
QList<QPair<QString, QString>> rowColumns(const ResourceMapping &resource) {
    QList<QPair<QString, QString>> columns;
    for (const PropertyMapping &property : resource.properties)
        columns.append({property.column, QStringLiteral("property \"%1\"").arg(property.property)});
    for (const BlockMapping &block : resource.blocks) {
        if (!block.column.isEmpty())
            columns.append({block.column, QStringLiteral("a %1 block").arg(block.type)});
    }
    for (const PageUpdateRule &rule : resource.updates) {
        columns.append({rule.keyColumn, QStringLiteral("the update of %1").arg(rule.resource)});
        for (const PropertyMapping &property : rule.properties)
            columns.append({property.column,
                            QStringLiteral("%1's property \"%2\"").arg(rule.resource, property.property)});
    }
    return columns;
}

QString describeNotionFailure(const NotionError &error, const QUrl &baseUrl) {
    if (error.httpStatus == 401 || error.code == QLatin1String("unauthorized"))
        return QStringLiteral("Notion rejected the token (HTTP 401 unauthorized): copy the integration's "
                              "secret again from notion.so/my-integrations");
    if (error.kind == FailureKind::Auth)
        return QStringLiteral("Notion refused the token (%1): check the integration's capabilities")
            .arg(error.describe());
    if (error.code == QLatin1String("tls_error"))
        return QStringLiteral("TLS with %1 failed: %2").arg(baseUrl.toString(), error.message);
    if (error.kind == FailureKind::Unreachable)
        return QStringLiteral("Cannot reach Notion at %1: %2 (check the network, a proxy, or the Notion URL)")
            .arg(baseUrl.toString(), error.message);
    if (error.code == QLatin1String("timeout"))
        return QStringLiteral("Notion at %1 did not answer in time").arg(baseUrl.toString());
    return QStringLiteral("Notion answered %1").arg(error.describe());
}

} // namespace

QString ConnectionReport::text() const {
    return (problems + passed).join(QLatin1Char('\n'));
}

QString ConnectionTester::explainConnectionFailure(const QString &message, const DatabaseUrl &url) {
    return ConnectionFailure::explain(message, url);
}

Result<Mapping> ConnectionTester::loadMapping(const QString &mappingFile) {
    return mappingFile.isEmpty() ? MappingLoader::defaultMapping() : MappingLoader::fromFile(mappingFile);
}

ConnectionReport ConnectionTester::testPostgres(const QString &connectionUrl, const QString &mappingFile) {
    return testPostgresWith(connectionUrl, loadMapping(mappingFile));
}

ConnectionReport ConnectionTester::testPostgresWithMapping(const QString &connectionUrl,
                                                           const Mapping &mapping) {
    return testPostgresWith(connectionUrl, mapping);
}

ConnectionReport ConnectionTester::testPostgresWith(const QString &connectionUrl,
                                                    const Result<Mapping> &mapping) {
    ConnectionReport report;
    const auto url = DatabaseUrl::parse(connectionUrl);
    if (!url) {
        report.problems.append(url.error().message);
        return report;
    }
    DatabaseConnection connection(url.value(), QStringLiteral("settings-test"));
    if (auto opened = connection.open(); !opened) {
        const QString libpq = connection.database().lastError().databaseText();
        report.problems.append(libpq.isEmpty() ? opened.error().message
                                               : explainConnectionFailure(libpq, url.value()));
        return report;
    }
    QSqlQuery query(connection.database());
    if (query.exec(
            QStringLiteral("SELECT current_setting('server_version'), current_user, "
                           "coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)")) &&
        query.next()) {
        report.passed.append(
            QStringLiteral("Connected to PostgreSQL %1 as %2 (%3)")
                .arg(query.value(0).toString(), query.value(1).toString(),
                     query.value(2).toBool() ? QStringLiteral("TLS") : QStringLiteral("no TLS")));
    }
    checkSchema(connection.database(), url.value(), report);
    if (!mapping)
        report.problems.append(mapping.error().message);
    else
        checkMappedTables(connection.database(), mapping.value(), report);
    return report;
}

void ConnectionTester::checkSchema(QSqlDatabase database, const DatabaseUrl &url, ConnectionReport &report) {
    const QString migrate = QStringLiteral("run pgnotion --migrate --database-url %1").arg(url.redacted());
    QSqlQuery query(database);
    if (!query.exec(QStringLiteral("SELECT to_regclass('pgnotion.schema_migrations') IS NOT NULL")) ||
        !query.next()) {
        report.problems.append(sqlError(query, QStringLiteral("Reading the pgnotion schema")).message);
        return;
    }
    if (!query.value(0).toBool()) {
        report.problems.append(QStringLiteral("The pgnotion schema is not migrated in database \"%1\": %2")
                                   .arg(url.database(), migrate));
        return;
    }
    query.prepare(QStringLiteral("SELECT coalesce(max(version), 0) FROM pgnotion.schema_migrations "
                                 "WHERE component = ?"));
    query.addBindValue(QStringLiteral("engine"));
    if (!query.exec() || !query.next()) {
        report.problems.append(sqlError(query, QStringLiteral("Reading the schema version")).message);
        return;
    }
    const int applied = query.value(0).toInt();
    const QList<Migration> bundled = Migrator::bundled(QStringLiteral("engine"));
    const int known = bundled.isEmpty() ? 0 : bundled.last().version;
    if (applied < known)
        report.problems.append(
            QStringLiteral("The pgnotion schema is not migrated to this version (%1 of %2): %3")
                .arg(applied)
                .arg(known)
                .arg(migrate));
    else if (applied > known)
        report.problems.append(
            QStringLiteral("The pgnotion schema (version %1) is newer than this pgnotion (%2): "
                           "upgrade pgnotion")
                .arg(applied)
                .arg(known));
    else
        report.passed.append(QStringLiteral("The pgnotion schema is migrated (version %1)").arg(applied));
}

void ConnectionTester::checkMappedTables(QSqlDatabase database, const Mapping &mapping,
                                         ConnectionReport &report) {
    int tablesChecked = 0;
    const int problemsBefore = int(report.problems.size());
    for (const ResourceMapping &resource : mapping.resources) {
        if (!resource.enabled)
            continue;
        QSqlQuery query(database);
        // No row is read: the statement only has to run for its columns to be known.
        if (!query.exec(QStringLiteral("SELECT * FROM %1 WHERE false")
                            .arg(quotedTable(database.driver(), resource.table)))) {
            if (query.lastError().nativeErrorCode() == QLatin1String("42P01"))
                report.problems.append(QStringLiteral("Resource %1: the table \"%2\" does not exist in this "
                                                      "database (the mapping %3 needs it)")
                                           .arg(resource.name, resource.table, mapping.sourceFile));
            else
                report.problems.append(sqlError(query, QStringLiteral("Resource %1: reading the table \"%2\"")
                                                           .arg(resource.name, resource.table))
                                           .message);
            continue;
        }
        ++tablesChecked;
        const QSqlRecord table = query.record();
        auto requireInTable = [&](const QString &column, const QString &purpose) {
            if (!column.isEmpty() && table.indexOf(column) < 0)
                report.problems.append(
                    QStringLiteral("Resource %1: the table \"%2\" has no column \"%3\" (%4)")
                        .arg(resource.name, resource.table, column, purpose));
        };
        requireInTable(resource.keyColumn, QStringLiteral("the key"));
        if (resource.hasOwnPage())
            requireInTable(resource.pageIdColumn, QStringLiteral("where the Notion page id is kept"));

        QSqlRecord row = table;
        if (!resource.query.isEmpty()) {
            QSqlQuery custom(database);
            custom.prepare(resource.query);
            custom.bindValue(QStringLiteral(":key"), QVariant());
            if (!custom.exec()) {
                report.problems.append(
                    sqlError(custom, QStringLiteral("Resource %1: the mapping's query").arg(resource.name))
                        .message);
                continue;
            }
            row = custom.record();
        }
        const QString source = resource.query.isEmpty()
                                   ? QStringLiteral("the table \"%1\" has").arg(resource.table)
                                   : QStringLiteral("the mapping's query returns");
        for (const auto &[column, purpose] : rowColumns(resource)) {
            if (!column.isEmpty() && row.indexOf(column) < 0)
                report.problems.append(QStringLiteral("Resource %1: %2 no column \"%3\" (%4)")
                                           .arg(resource.name, source, column, purpose));
        }
    }
    if (report.problems.size() == problemsBefore)
        report.passed.append(
            QStringLiteral("The mapping's %1 tables and their columns exist").arg(tablesChecked));
}

ConnectionReport ConnectionTester::testNotion(NotionClientOptions options, const QString &mappingFile) {
    return testNotionWith(std::move(options), loadMapping(mappingFile));
}

ConnectionReport ConnectionTester::testNotionWithMapping(NotionClientOptions options,
                                                         const Mapping &mapping) {
    return testNotionWith(std::move(options), mapping);
}

ConnectionReport ConnectionTester::testNotionWith(NotionClientOptions options,
                                                  const Result<Mapping> &mapping) {
    ConnectionReport report;
    if (options.token.trimmed().isEmpty()) {
        report.problems.append(QStringLiteral("No Notion token: paste the integration's secret"));
        return report;
    }
    // An admin waits for the answer: no long retries.
    options.maxRetries = std::min(options.maxRetries, 1);
    options.timeout = std::min(options.timeout, std::chrono::milliseconds(20s));
    options.maxRetryAfter = std::min(options.maxRetryAfter, std::chrono::milliseconds(5s));
    NotionClient client(options);
    NotionApi api(client);
    const auto me = api.me();
    if (!me) {
        report.problems.append(describeNotionFailure(me.error(), options.baseUrl));
        return report;
    }
    report.passed.append(
        QStringLiteral("Notion accepts the token of the integration \"%1\"%2")
            .arg(me.value().name, me.value().workspaceName.isEmpty()
                                      ? QString()
                                      : QStringLiteral(" (workspace %1)").arg(me.value().workspaceName)));
    if (!mapping) {
        report.problems.append(mapping.error().message);
        return report;
    }
    checkMappedDatabases(api, me.value().name, mapping.value(), report);
    return report;
}

void ConnectionTester::checkMappedDatabases(NotionApi &api, const QString &integration,
                                            const Mapping &mapping, ConnectionReport &report) {
    QHash<QString, DataSourceInfo> schemas;
    int reachable = 0;
    const int problemsBefore = int(report.problems.size());
    for (const ResourceMapping &resource : mapping.resources) {
        if (!resource.enabled || !resource.hasOwnPage())
            continue;
        if (resource.notionDatabase.isEmpty()) {
            report.problems.append(
                QStringLiteral("Resource %1: no Notion database is set (notion_database in "
                               "the mapping %2, or the environment variable it names)")
                    .arg(resource.name, mapping.sourceFile));
            continue;
        }
        const auto database = api.retrieveDatabase(resource.notionDatabase);
        if (!database) {
            if (database.error().code == QLatin1String("object_not_found"))
                report.problems.append(
                    QStringLiteral("Resource %1: the Notion database %2 is not shared with the integration "
                                   "\"%3\" (or does not exist): open it in Notion → ••• menu → Connections → "
                                   "add \"%3\"")
                        .arg(resource.name, resource.notionDatabase, integration));
            else
                report.problems.append(QStringLiteral("Resource %1: the Notion database %2: %3")
                                           .arg(resource.name, resource.notionDatabase,
                                                describeNotionFailure(database.error(), QUrl())));
            continue;
        }
        ++reachable;
        if (database.value().dataSources.isEmpty()) {
            report.problems.append(QStringLiteral("Resource %1: the Notion database %2 has no data source")
                                       .arg(resource.name, resource.notionDatabase));
            continue;
        }
        const auto schema = api.retrieveDataSource(database.value().dataSources.first().id);
        if (!schema) {
            report.problems.append(
                QStringLiteral("Resource %1: %2").arg(resource.name, schema.error().describe()));
            continue;
        }
        schemas.insert(resource.name, schema.value());
    }
    // Databases that are unset or unreadable are reported above, in the words of this test.
    for (const QString &problem : MappingValidator::problems(mapping, schemas)) {
        if (!problem.contains(QLatin1String("no Notion database configured")) &&
            !problem.contains(QLatin1String("could not be read")))
            report.problems.append(problem);
    }
    if (report.problems.size() == problemsBefore)
        report.passed.append(
            QStringLiteral("The mapping's %1 Notion databases are shared and match the mapping")
                .arg(reachable));
}

} // namespace pgnotion

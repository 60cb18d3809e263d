#include "DemoEnvironment.h"

#include "db/DatabaseConnection.h"
#include "db/Migrator.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace pgnotion {

DemoEnvironment::DemoEnvironment(QObject *parent)
    : QObject(parent)
    , m_cluster(std::make_unique<LocalPostgresCluster>()) {}

DemoEnvironment::~DemoEnvironment() = default; // the cluster stops and its directory goes

void DemoEnvironment::start() {
    auto *watcher = new QFutureWatcher<Result<QString>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto started = watcher->result();
        watcher->deleteLater();
        if (started)
            Q_EMIT ready(started.value());
        else
            Q_EMIT failed(started.error().message);
    });
    watcher->setFuture(QtConcurrent::run([cluster = m_cluster.get()]() -> Result<QString> {
        if (auto up = cluster->start(); !up)
            return up.error();
        const auto url = DatabaseUrl::parse(cluster->url());
        if (!url)
            return url.error();
        DatabaseConnection connection(url.value(), QStringLiteral("demo-setup"));
        if (auto opened = connection.open(); !opened)
            return opened.error();
        if (auto migrated = Migrator(connection.database()).applyBundled(false); !migrated)
            return migrated.error();
        return cluster->url();
    }));
}

} // namespace pgnotion

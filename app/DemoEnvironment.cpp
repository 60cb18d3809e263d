#include "DemoEnvironment.h"

#include "BackgroundMigration.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace pgnotion {

DemoEnvironment::DemoEnvironment(QObject *parent)
    : QObject(parent)
    , m_cluster(std::make_unique<LocalPostgresCluster>()) {}

DemoEnvironment::~DemoEnvironment() {
    // The start-up task uses the cluster: it must be over before the cluster stops and its directory goes.
    m_starting.waitForFinished();
}

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
    m_starting = QtConcurrent::run([cluster = m_cluster.get()]() -> Result<QString> {
        if (auto up = cluster->start(); !up)
            return up.error();
        if (auto migrated = migrateNow(cluster->url(), false); !migrated)
            return migrated.error();
        return cluster->url();
    });
    watcher->setFuture(m_starting);
}

} // namespace pgnotion

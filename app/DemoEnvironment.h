#pragma once

#include "common/Result.h"
#include "db/LocalPostgresCluster.h"

#include <QFuture>
#include <QObject>

#include <memory>

namespace pgnotion {

// The embedded default of `pgnotion --demo`: a private PostgreSQL cluster, migrated, removed on exit.
// (The Notion emulator, the engine and the workload generator join it in later issues.)
class DemoEnvironment : public QObject {
    Q_OBJECT
public:
    explicit DemoEnvironment(QObject *parent = nullptr);
    ~DemoEnvironment() override;

    // Starts everything off the calling thread; `ready` or `failed` follows.
    void start();

Q_SIGNALS:
    void ready(const QString &databaseUrl);
    void failed(const QString &message);

private:
    std::unique_ptr<LocalPostgresCluster> m_cluster;
    QFuture<Result<QString>> m_starting;
};

} // namespace pgnotion

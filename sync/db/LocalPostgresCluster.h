#pragma once

#include "common/Result.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace pgnotion {

// A private PostgreSQL cluster in a temporary directory on a free loopback port: the embedded default
// of `pgnotion --demo`. Started with initdb/pg_ctl (as the postgres user when running as root, since the
// server refuses root), stopped and removed by stop() or the destructor.
class LocalPostgresCluster {
public:
    LocalPostgresCluster();
    ~LocalPostgresCluster();
    LocalPostgresCluster(const LocalPostgresCluster &) = delete;
    LocalPostgresCluster &operator=(const LocalPostgresCluster &) = delete;

    // Blocks for a few seconds: call it off the GUI thread.
    Result<void> start();
    void stop();

    bool isRunning() const { return m_running; }
    int port() const { return m_port; }
    // postgresql://postgres@127.0.0.1:PORT/postgres
    QString url() const;
    QString logFile() const;

    static QString serverBinDirectory();

private:
    Result<void> run(const QString &program, const QStringList &arguments, int timeoutMs);
    // A new temporary directory under `parent`, the postgres user's when running as root.
    Result<void> makeDirectory(const QString &parent);

    std::unique_ptr<QTemporaryDir> m_dir;
    int m_port = 0;
    bool m_running = false;
    bool m_asPostgresUser = false;
};

} // namespace pgnotion

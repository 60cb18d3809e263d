#include "db/LocalPostgresCluster.h"

#include <QCollator>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>

#include <algorithm>
#include <unistd.h>

namespace pgnotion {
namespace {

int freeLoopbackPort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 20000 + int(QRandomGenerator::global()->bounded(40000));
    return probe.serverPort();
}

} // namespace

LocalPostgresCluster::LocalPostgresCluster() = default;

LocalPostgresCluster::~LocalPostgresCluster() {
    stop();
}

QString LocalPostgresCluster::serverBinDirectory() {
    if (const QByteArray fromEnv = qgetenv("PGNOTION_PG_BIN"); !fromEnv.isEmpty())
        return QString::fromLocal8Bit(fromEnv);
    QDir versions(QStringLiteral("/usr/lib/postgresql"));
    QStringList found = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCollator numeric;
    numeric.setNumericMode(true);
    std::sort(found.begin(), found.end(), numeric);
    return found.isEmpty() ? QString() : versions.filePath(found.last() + QStringLiteral("/bin"));
}

QString LocalPostgresCluster::url() const {
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(m_port);
}

QString LocalPostgresCluster::logFile() const {
    return m_dir ? m_dir->filePath(QStringLiteral("server.log")) : QString();
}

Result<void> LocalPostgresCluster::run(const QString &program, const QStringList &arguments, int timeoutMs) {
    QProcess process;
    if (m_asPostgresUser)
        process.start(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                                             QStringLiteral("--"), program} +
                                                     arguments);
    else
        process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        const QString output =
            QString::fromLocal8Bit(process.readAllStandardError() + process.readAllStandardOutput());
        return Error{QStringLiteral("%1 failed: %2")
                         .arg(QFileInfo(program).fileName(),
                              output.trimmed().isEmpty() ? process.errorString() : output.trimmed()),
                     QStringLiteral("local_postgres")};
    }
    return {};
}

Result<void> LocalPostgresCluster::makeDirectory(const QString &parent) {
    m_dir = std::make_unique<QTemporaryDir>(parent + QStringLiteral("/pgnotion-demo-XXXXXX"));
    if (!m_dir->isValid())
        return Error{QStringLiteral("Cannot create a temporary directory: %1").arg(m_dir->errorString()),
                     QStringLiteral("local_postgres")};
    if (::geteuid() == 0) {
        // The directory goes to the postgres user (chown runs as root), then every server command runs as
        // that user.
        if (auto owned = run(QStringLiteral("chown"), {QStringLiteral("postgres"), m_dir->path()}, 10000);
            !owned)
            return owned;
        m_asPostgresUser = true;
    }
    return {};
}

Result<void> LocalPostgresCluster::start() {
    const QString bin = serverBinDirectory();
    if (bin.isEmpty() || !QFile::exists(bin + QStringLiteral("/initdb")))
        return Error{QStringLiteral("PostgreSQL server binaries not found under /usr/lib/postgresql: install "
                                    "the 'postgresql' package (or set PGNOTION_PG_BIN)"),
                     QStringLiteral("local_postgres")};
    if (auto made = makeDirectory(QDir::tempPath()); !made)
        return made;
    if (::geteuid() == 0 && !run(QStringLiteral("test"), {QStringLiteral("-w"), m_dir->path()}, 10000)) {
        // root's TMPDIR may be closed to other users (0700, as pam_tmpdir makes it): /tmp is open to all.
        m_asPostgresUser = false;
        if (auto made = makeDirectory(QStringLiteral("/tmp")); !made)
            return made;
    }
    const QString data = m_dir->filePath(QStringLiteral("data"));
    if (auto made = run(bin + QStringLiteral("/initdb"),
                        {QStringLiteral("-D"), data, QStringLiteral("-A"), QStringLiteral("trust"),
                         QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-E"),
                         QStringLiteral("UTF8"), QStringLiteral("--no-sync")},
                        120000);
        !made)
        return made;
    Result<void> started = Error{QStringLiteral("no free port"), QStringLiteral("local_postgres")};
    for (int tries = 0; tries < 5 && !started; ++tries) {
        m_port = freeLoopbackPort();
        const QString options =
            QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c max_connections=100")
                .arg(m_port)
                .arg(m_dir->path());
        started = run(bin + QStringLiteral("/pg_ctl"),
                      {QStringLiteral("-D"), data, QStringLiteral("-l"), logFile(), QStringLiteral("-w"),
                       QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"), options,
                       QStringLiteral("start")},
                      90000);
    }
    m_running = started.ok();
    return started;
}

void LocalPostgresCluster::stop() {
    if (m_running) {
        (void)run(serverBinDirectory() + QStringLiteral("/pg_ctl"),
                  {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
                   QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")},
                  60000);
        m_running = false;
    }
    m_dir.reset();
}

} // namespace pgnotion

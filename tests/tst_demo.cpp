#include "db/DatabaseConnection.h"
#include "db/LocalPostgresCluster.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <pwd.h>
#include <unistd.h>

using namespace pgnotion;

namespace {

constexpr int kWait = 120000; // generous: initdb and the first syncs on a busy machine

// The first column of the first row, or an invalid QVariant while the database is not there yet.
QVariant scalar(const QString &url, const QString &sql) {
    auto value =
        withConnection(url, QStringLiteral("tst_demo"), [&](QSqlDatabase database) -> Result<QVariant> {
            QSqlQuery query(database);
            if (!query.exec(sql) || !query.next())
                return Error{QStringLiteral("not yet"), {}};
            return query.value(0);
        });
    return value ? value.value() : QVariant();
}

// The children of a process, over all its threads (QProcess may start them from any).
QList<qint64> childrenOf(qint64 pid) {
    QList<qint64> children;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(tasks.filePath(task + QStringLiteral("/children")));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &child : file.readAll().split(' ')) {
            if (const qint64 id = child.trimmed().toLongLong(); id > 0)
                children.append(id);
        }
    }
    return children;
}

QString commandLineOf(qint64 pid) {
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll().replace('\0', ' '))
                                          : QString();
}

// Gone, or dead and waiting to be reaped by whoever adopted it.
bool isGone(qint64 pid) {
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
        return true;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype end = line.lastIndexOf(')');
    return end > 0 && line.mid(end + 2, 1) == "Z";
}

// Should the test fail midway, the demo still gets its SIGTERM (and a SIGKILL if that is not enough), so
// that no private server or emulator outlives the test.
struct StopOnExit {
    QProcess &process;
    ~StopOnExit() {
        if (process.state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(process.processId()), SIGTERM);
        if (!process.waitForFinished(kWait))
            process.kill();
    }
};

} // namespace

// Issue 5's embedded default: `pgnotion --demo` comes alive on its own (a private PostgreSQL in a temporary
// directory, the Notion emulator, the engine syncing the workload), and SIGTERM stops and removes all of it.
// Run as root (as on the build machines), the private server runs as the postgres user: the same test
// covers that path.
class TestDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sigtermStopsAndRemovesEverythingItStarted() {
        // The demo's temporary directory is made in this one (TMPDIR), so the test can find and check it.
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        // The postgres user (when run as root) must be able to reach its cluster below this directory.
        QVERIFY(QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                      QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                                      QFileDevice::ExeOther));
        QTemporaryDir runtime; // Qt's runtime directory, which defaults to one in TMPDIR
        QVERIFY(runtime.isValid());
        QProcess demo;
        StopOnExit stopOnExit{demo};
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TMPDIR"), tmp.path());
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        demo.setProcessEnvironment(environment);
        demo.setProcessChannelMode(QProcess::MergedChannels);
        demo.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"),
                   {QStringLiteral("--demo")});
        QVERIFY(demo.waitForStarted(kWait));
        const auto output = [&demo] {
            return QString::fromLocal8Bit(demo.readAll());
        };

        // Its cluster: <TMPDIR>/pgnotion-demo-XXXXXX/data, the server's pid and port in postmaster.pid.
        QString clusterDir;
        QStringList postmaster;
        QVERIFY2(
            QTest::qWaitFor(
                [&] {
                    const QStringList dirs =
                        QDir(tmp.path()).entryList({QStringLiteral("pgnotion-demo-*")}, QDir::Dirs);
                    if (dirs.size() != 1)
                        return false;
                    clusterDir = QDir(tmp.path()).filePath(dirs.first());
                    QFile pidFile(clusterDir + QStringLiteral("/data/postmaster.pid"));
                    if (!pidFile.open(QIODevice::ReadOnly))
                        return false;
                    // Ready: not initdb's bootstrap, which writes the file with the default port.
                    postmaster = QString::fromLocal8Bit(pidFile.readAll()).split(QLatin1Char('\n'));
                    return postmaster.size() > 7 && postmaster.at(7).trimmed() == QLatin1String("ready") &&
                           QFileInfo::exists(clusterDir + QStringLiteral("/.s.PGSQL.") + postmaster.at(3));
                },
                kWait),
            qPrintable(output()));
        const qint64 serverPid = postmaster.at(0).toLongLong();
        const QString url =
            QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(postmaster.at(3));
        const uint expectedOwner = ::geteuid() == 0 ? ::getpwnam("postgres")->pw_uid : ::geteuid();
        QCOMPARE(QFileInfo(clusterDir + QStringLiteral("/data")).ownerId(), expectedOwner);

        // Alive: the workload's rows reach the emulator through the engine.
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return scalar(url,
                                       QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome "
                                                      "= 'completed' AND direction = 'postgres_to_notion'"))
                                        .toInt() > 0 &&
                                scalar(url, QStringLiteral("SELECT count(*) FROM pgnotion.sync_state WHERE "
                                                           "notion_page_id IS NOT NULL"))
                                        .toInt() > 0;
                     },
                     kWait),
                 qPrintable(output()));

        // What it started: the server and its backends, the emulator.
        QList<qint64> started{serverPid};
        started += childrenOf(serverPid);
        QList<qint64> emulators;
        for (const qint64 child : childrenOf(demo.processId())) {
            if (commandLineOf(child).contains(QStringLiteral("pgnotion-notion-emulator")))
                emulators.append(child);
        }
        QCOMPARE(emulators.size(), 1);
        started += emulators;
        QVERIFY(started.size() > 2);

        QVERIFY(::kill(pid_t(demo.processId()), SIGTERM) == 0);
        QVERIFY2(demo.waitForFinished(kWait), "the demo did not stop after SIGTERM");
        const QString log = output();
        QCOMPARE(demo.exitStatus(), QProcess::NormalExit);
        QVERIFY2(demo.exitCode() == 0, qPrintable(log));
        for (const qint64 pid : std::as_const(started))
            QVERIFY2(QTest::qWaitFor([pid] { return isGone(pid); }, kWait),
                     qPrintable(QStringLiteral("%1 still runs: %2").arg(pid).arg(commandLineOf(pid))));
        // The temporary directory is gone, and nothing else was left (by root or by postgres).
        QVERIFY(!QFileInfo::exists(clusterDir));
        const QStringList left =
            QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
    }
    // A TMPDIR closed to others (0700, as pam_tmpdir makes one per user): run as root, the cluster must
    // still be somewhere the postgres user can reach, and go away when stopped.
    void thePrivateClusterStartsWithATmpdirClosedToOthers() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QVERIFY(QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                      QFileDevice::ExeOwner));
        const QByteArray saved = qgetenv("TMPDIR");
        qputenv("TMPDIR", tmp.path().toLocal8Bit());
        LocalPostgresCluster cluster;
        const auto started = cluster.start();
        qputenv("TMPDIR", saved);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
        QCOMPARE(scalar(cluster.url(), QStringLiteral("SELECT 40 + 2")).toInt(), 42);
        const QString directory = QFileInfo(cluster.logFile()).path();
        QVERIFY(QFileInfo::exists(directory));
        cluster.stop();
        QVERIFY(!QFileInfo::exists(directory));
        QVERIFY(
            QDir(tmp.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"

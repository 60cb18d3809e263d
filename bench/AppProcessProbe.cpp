#include "AppProcessProbe.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

namespace pgnotion::bench {
namespace {

// A field of /proc/PID/status in kB ("VmRSS", "VmHWM").
qint64 statusFieldKb(qint64 pid, const QByteArray &field) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field).append(':')))
            return line.mid(field.size() + 1).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

} // namespace

AppProbe probeApp(const DatabaseUrl &url, QTextStream &err) {
    AppProbe probe;
    QTemporaryDir home; // no settings, window state or first-run wizard of the admin's
    QProcess app;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PGNOTION_REPORT_FIRST_PAINT"), QStringLiteral("1"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.path());
    app.setProcessEnvironment(environment);
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("pgnotion"));
    QElapsedTimer clock;
    clock.start();
    app.start(program, {QStringLiteral("--database-url"), url.toString()});
    if (!app.waitForStarted(10000)) {
        err << "pgnotion-bench: cannot start " << program << ": " << app.errorString() << Qt::endl;
        return probe;
    }
    QByteArray output;
    while (!output.contains("overview painted") && clock.elapsed() < 30000 &&
           app.state() == QProcess::Running) {
        app.waitForReadyRead(100);
        output += app.readAllStandardOutput();
    }
    if (!output.contains("overview painted")) {
        err << "pgnotion-bench: the app did not paint its Overview within 30 s: " << output << Qt::endl;
        app.kill();
        app.waitForFinished();
        return probe;
    }
    probe.firstPaintMs = clock.elapsed();
    QThread::sleep(5); // every page loads its first rows, the refresh timers run
    probe.residentKb = statusFieldKb(app.processId(), "VmRSS");
    probe.peakResidentKb = statusFieldKb(app.processId(), "VmHWM");
    app.terminate();
    if (!app.waitForFinished(10000))
        app.kill();
    probe.ok = true;
    return probe;
}

} // namespace pgnotion::bench

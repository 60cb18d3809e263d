#include "BackgroundMigration.h"
#include "CheckCommand.h"
#include "CommandLine.h"
#include "CreateDatabasesCommand.h"
#include "DemoEnvironment.h"
#include "DesktopSession.h"
#include "FirstPaintReporter.h"
#include "HeadlessWorker.h"
#include "ImportCommand.h"
#include "MainWindow.h"
#include "MigrateCommand.h"
#include "SignalQuitter.h"
#include "VerifyCommand.h"
#include "mapping/MappingLoader.h"
#include "secrets/SecretStore.h"

#include <QApplication>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QTextStream>

#include <cstdio>
#include <memory>

using namespace pgnotion;

int main(int argc, char *argv[]) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const CommandLine command = CommandLine::parse(arguments);
    QTextStream out(stdout);
    QTextStream err(stderr);

    // Headless modes need no display: a QCoreApplication is enough.
    std::unique_ptr<QCoreApplication> app = command.needsGui()
                                                ? std::make_unique<QApplication>(argc, argv)
                                                : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pgnotion"));
    QCoreApplication::setOrganizationName(QStringLiteral("pgnotion"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PGNOTION_VERSION));
    // The installed desktop file's name: Wayland compositors and docks take the window's icon from it.
    if (command.needsGui())
        QGuiApplication::setDesktopFileName(QStringLiteral("io.github.pgnotion.Pgnotion"));

    switch (command.mode) {
    case CommandLine::Mode::Invalid:
        err << "pgnotion: " << command.error << "\n\n" << command.helpText;
        return 2;
    case CommandLine::Mode::Help:
        out << command.helpText;
        return 0;
    case CommandLine::Mode::Version:
        out << "pgnotion " << PGNOTION_VERSION << Qt::endl;
        return 0;
    case CommandLine::Mode::ShowConfig:
        out << command.effectiveSettings.join(u'\n') << Qt::endl;
        return 0;
    case CommandLine::Mode::Migrate:
        return runMigrateCommand(command.databaseUrl, !command.demoTables, out, err);
    case CommandLine::Mode::CreateDatabases:
        return runCreateDatabasesCommand(command, out, err);
    case CommandLine::Mode::Verify:
        return runVerifyCommand(command, out, err);
    case CommandLine::Mode::Import:
        return runImportCommand(command, out, err);
    case CommandLine::Mode::Check:
        return runCheckCommand(command, out, err);
    case CommandLine::Mode::StoreToken: {
        // From standard input, never from the command line (where `ps` would show it).
        const QString token = QTextStream(stdin).readLine().trimmed();
        if (token.isEmpty()) {
            err << "pgnotion: no token on standard input" << Qt::endl;
            return 2;
        }
        if (auto stored = SecretStore::write(SecretStore::kNotionToken, token); !stored) {
            err << "pgnotion: " << stored.error().message << Qt::endl;
            return 1;
        }
        out << "pgnotion: the Notion token is in the system keychain" << Qt::endl;
        return 0;
    }
    case CommandLine::Mode::Headless: {
        SignalQuitter quitter;
        HeadlessWorker worker(command, err);
        if (const int failed = worker.start(); failed != 0)
            return failed;
        int exitCode = 0;
        QObject::connect(&worker, &HeadlessWorker::finished, app.get(), [&exitCode](int code) {
            exitCode = code;
            QCoreApplication::quit();
        });
        // SIGTERM/SIGINT quit the loop once; the workers then stop gracefully in a second loop.
        app->exec();
        if (quitter.receivedSignal() != 0) {
            QEventLoop stopping;
            QObject::connect(&worker, &HeadlessWorker::finished, &stopping, &QEventLoop::quit);
            worker.stop(0);
            stopping.exec();
        }
        return exitCode;
    }
    case CommandLine::Mode::Gui:
    case CommandLine::Mode::Demo:
        break;
    }

    SignalQuitter quitter; // SIGTERM and SIGINT end the event loop: everything below is torn down in order
    MainWindow window;
    if (qEnvironmentVariableIsSet("PGNOTION_REPORT_FIRST_PAINT"))
        new FirstPaintReporter(&window); // owned by the window
    window.show();
    if (auto mapping = MappingLoader::defaultMapping(); mapping)
        window.setMapping(mapping.value());
    DemoEnvironment demo;
    std::unique_ptr<DesktopSession> session;
    if (command.mode == CommandLine::Mode::Demo) {
        QObject::connect(&demo, &DemoEnvironment::progressed, &window, &MainWindow::showStatus);
        QObject::connect(&demo, &DemoEnvironment::ready, &window,
                         [&window](const QString &url) { window.connectToDatabase(url); });
        QObject::connect(&demo, &DemoEnvironment::engineStarted, &window, &MainWindow::attachEngine);
        QObject::connect(&demo, &DemoEnvironment::notionReady, &window, &MainWindow::setNotion);
        QObject::connect(&demo, &DemoEnvironment::failed, &window, [&window, &err](const QString &message) {
            err << "pgnotion: demo: " << message << Qt::endl;
            window.showStatus(QObject::tr("Demo failed: %1").arg(message));
        });
        demo.start();
    } else if (!command.databaseUrl.isEmpty()) {
        // Migrations first (off the GUI thread), then the window watches the database.
        window.showStatus(QObject::tr("Preparing the database..."));
        auto *migration = new QFutureWatcher<Result<MigrationReport>>(&window);
        QObject::connect(migration, &QFutureWatcherBase::finished, &window,
                         [&window, migration, url = command.databaseUrl, &err] {
                             const auto report = migration->result();
                             migration->deleteLater();
                             if (!report) {
                                 err << "pgnotion: " << report.error().message << Qt::endl;
                                 window.showStatus(
                                     QObject::tr("Database not ready: %1").arg(report.error().message));
                                 return;
                             }
                             window.showStatus(QObject::tr("Database ready"));
                             window.connectToDatabase(url);
                         });
        migration->setFuture(migrateInBackground(command.databaseUrl, !command.demoTables));
    } else {
        // The saved settings (or the first-run wizard), the keychain, and this app's own engine.
        session = std::make_unique<DesktopSession>(window);
        session->start();
    }
    return app->exec();
}

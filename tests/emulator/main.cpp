// pgnotion-notion-emulator: the Notion API emulator as a process, for the demo and for manual runs.
#include "NotionEmulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTimer>

#include <csignal>
#include <cstdio>

namespace {

volatile std::sig_atomic_t stopRequested = 0;

void onSignal(int) {
    stopRequested = 1;
}

QJsonObject readJsonFile(const QString &path, bool *ok) {
    QFile file(path);
    *ok = file.open(QIODevice::ReadOnly);
    if (!*ok)
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    *ok = error.error == QJsonParseError::NoError && document.isObject();
    return document.object();
}

} // namespace

int main(int argc, char *argv[]) {
    using namespace Qt::StringLiterals;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"pgnotion-notion-emulator"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Emulates the Notion API (version 2025-09-03) on 127.0.0.1."_s);
    parser.addHelpOption();
    parser.addOptions({
        {u"port"_s, u"Port to listen on (0: any free port)."_s, u"N"_s, u"0"_s},
        {u"token"_s, u"An accepted integration token (repeatable; default secret_emulator)."_s, u"TOKEN"_s},
        {u"latency-ms"_s, u"Delay every API answer by N milliseconds."_s, u"N"_s, u"0"_s},
        {u"fault-rate"_s, u"Probability (0..1) that an API request fails."_s, u"F"_s, u"0"_s},
        {u"faults"_s, u"Fault kinds: 500,502,503,504,529,reset,apply_then_reset."_s, u"LIST"_s},
        {u"fault-seed"_s, u"Seed of the fault generator (reproducible runs)."_s, u"N"_s},
        {u"rate-limit"_s, u"Requests per second per token (0: off)."_s, u"R"_s, u"3"_s},
        {u"burst"_s, u"Burst size of the rate limit."_s, u"N"_s, u"3"_s},
        {u"seed"_s, u"JSON file of databases to create at start (see README.md)."_s, u"FILE"_s},
        {u"state"_s, u"State file: loaded at start if it exists, saved on exit."_s, u"FILE"_s},
    });
    parser.process(app);

    notionemu::NotionEmulator emulator;
    const QStringList tokens = parser.values(u"token"_s);
    if (!tokens.isEmpty()) {
        emulator.revokeToken(notionemu::NotionEmulator::defaultToken());
        for (const QString &token : tokens)
            emulator.addToken(token);
    }
    emulator.setLatency(std::chrono::milliseconds(parser.value(u"latency-ms"_s).toInt()));
    emulator.setRateLimit(parser.value(u"rate-limit"_s).toDouble(), parser.value(u"burst"_s).toInt());
    if (parser.isSet(u"fault-seed"_s))
        emulator.setRandomSeed(parser.value(u"fault-seed"_s).toUInt());
    const QStringList rejected = emulator.setFaults(
        parser.value(u"fault-rate"_s).toDouble(), parser.value(u"faults"_s).split(u',', Qt::SkipEmptyParts));
    if (!rejected.isEmpty()) {
        std::fprintf(stderr, "unknown fault kinds: %s\n", qPrintable(rejected.join(u',')));
        return 2;
    }
    const QString statePath = parser.value(u"state"_s);
    if (!statePath.isEmpty() && QFile::exists(statePath)) {
        bool ok = false;
        if (!emulator.loadSnapshot(readJsonFile(statePath, &ok)) || !ok) {
            std::fprintf(stderr, "cannot load state from %s\n", qPrintable(statePath));
            return 2;
        }
    }
    if (parser.isSet(u"seed"_s)) {
        bool ok = false;
        const QJsonObject seed = readJsonFile(parser.value(u"seed"_s), &ok);
        QString error;
        if (!ok || (emulator.seed(seed, &error), !error.isEmpty())) {
            std::fprintf(stderr, "cannot seed from %s: %s\n", qPrintable(parser.value(u"seed"_s)),
                         qPrintable(ok ? error : u"not a JSON object"_s));
            return 2;
        }
    }
    if (!emulator.start(quint16(parser.value(u"port"_s).toUInt()))) {
        std::fprintf(stderr, "cannot listen on 127.0.0.1:%s\n", qPrintable(parser.value(u"port"_s)));
        return 1;
    }
    std::printf("listening on http://127.0.0.1:%u\n", unsigned(emulator.port()));
    std::fflush(stdout);

    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    // A signal handler may only set a flag; the event loop looks at it.
    QTimer signalWatch;
    QObject::connect(&signalWatch, &QTimer::timeout, &app, [] {
        if (stopRequested)
            QCoreApplication::quit();
    });
    signalWatch.start(100);
    const int status = app.exec();
    emulator.stop();
    if (!statePath.isEmpty()) {
        QSaveFile file(statePath);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(QJsonDocument(emulator.snapshot()).toJson(QJsonDocument::Indented)) < 0 ||
            !file.commit()) {
            std::fprintf(stderr, "cannot save state to %s\n", qPrintable(statePath));
            return 1;
        }
    }
    return status;
}

#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// An invariant of the fuzzed code: when it does not hold, the fuzzer reports a crash with the input that
// broke it. Unlike assert(), it stays on in release builds (the fuzz build is RelWithDebInfo).
#define FUZZ_CHECK(condition, detail)                                                                        \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n  %s\n", __FILE__, __LINE__, #condition,      \
                         qPrintable(QString(detail)));                                                       \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace pgnotion::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size) {
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline QString compact(const QJsonObject &object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace pgnotion::fuzz

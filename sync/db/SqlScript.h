#pragma once

#include <QString>
#include <QStringList>

namespace pgnotion {

// Splits an SQL script into its statements. QPSQL runs a multi-statement string but reports only the
// first statement's outcome, so migrations run statement by statement to catch every error.
// Understands '...' and "..." quoting, E'..' escapes, $tag$...$tag$ bodies, -- and /* */ comments.
class SqlScript {
public:
    static QStringList split(const QString &script);
};

} // namespace pgnotion

#pragma once

#include "CommandLine.h"

#include <QTextStream>

namespace pgnotion {

// `pgnotion --headless --check`: PostgreSQL (connection, TLS, schema version, the mapped tables and
// columns), the Notion token, and every mapped database shared with the integration and matching the
// mapping. One line per check; exits 0 when all pass, 1 with one clear line per problem, 2 on a usage error.
int runCheckCommand(const CommandLine &command, QTextStream &out, QTextStream &err);

} // namespace pgnotion

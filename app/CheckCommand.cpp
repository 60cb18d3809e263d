#include "CheckCommand.h"

#include "CommandLineConfig.h"
#include "settings/ConnectionTester.h"

namespace pgnotion {

int runCheckCommand(const CommandLine &command, QTextStream &out, QTextStream &err) {
    auto mapping = CommandLineConfig::loadMapping(command);
    if (const auto *failure = std::get_if<CommandLineConfig::Failure>(&mapping)) {
        err << "pgnotion: " << failure->message << Qt::endl;
        return 2;
    }
    QStringList passed;
    QStringList problems;
    const ConnectionReport postgres =
        ConnectionTester::testPostgresWithMapping(command.databaseUrl, std::get<Mapping>(mapping));
    passed += postgres.passed;
    problems += postgres.problems;

    NotionClientOptions notion;
    if (!command.notionBaseUrl.isEmpty())
        notion.baseUrl = QUrl(command.notionBaseUrl);
    if (auto token = CommandLineConfig::loadToken(command); token) {
        notion.token = token.value();
        const ConnectionReport checked =
            ConnectionTester::testNotionWithMapping(notion, std::get<Mapping>(mapping));
        passed += checked.passed;
        problems += checked.problems;
    } else {
        problems.append(token.error().message);
    }
    for (const QString &line : std::as_const(passed))
        out << "ok       " << line << '\n';
    for (const QString &line : std::as_const(problems))
        out << "problem  " << line << '\n';
    out.flush();
    return problems.isEmpty() ? 0 : 1;
}

} // namespace pgnotion

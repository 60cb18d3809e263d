#include "secrets/SecretStore.h"

#include <QTest>

using namespace pgnotion;

// The system keychain through QtKeychain, on a throwaway Secret Service (tests/support/with-keyring.sh).
class TestSecretStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void storesReadsAndRemovesASecret() {
        const QString key = QStringLiteral("test-secret");
        QVERIFY(SecretStore::write(key, QStringLiteral("secret_ntn_ünïcode")).ok());
        auto read = SecretStore::read(key);
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
        QCOMPARE(read.value(), QStringLiteral("secret_ntn_ünïcode"));
        QVERIFY(SecretStore::remove(key).ok());
        auto gone = SecretStore::read(key);
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code, QStringLiteral("secret_not_found"));
    }

    void theEnvironmentComesBeforeTheKeychain() {
        QVERIFY(SecretStore::write(SecretStore::kNotionToken, QStringLiteral("from_keychain")).ok());
        qputenv("PGNOTION_NOTION_TOKEN", "from_environment");
        QCOMPARE(SecretStore::notionToken().value(), QStringLiteral("from_environment"));
        qunsetenv("PGNOTION_NOTION_TOKEN");
        QCOMPARE(SecretStore::notionToken().value(), QStringLiteral("from_keychain"));
        QVERIFY(SecretStore::remove(SecretStore::kNotionToken).ok());
        auto none = SecretStore::notionToken();
        QVERIFY(!none.ok());
        QVERIFY(none.error().message.contains(QStringLiteral("PGNOTION_NOTION_TOKEN")));
        QVERIFY(none.error().message.contains(QStringLiteral("--store-notion-token")));
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"

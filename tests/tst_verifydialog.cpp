#include "MainWindow.h"
#include "NotionEmulator.h"
#include "TestDatabase.h"
#include "VerifyDialog.h"
#include "mapping/MappingLoader.h"
#include "mapping/MappingSchema.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

// The dashboard's verify action against the in-process emulator: drift shown, Repair queues the fix.
class TestVerifyDialog : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<notionemu::NotionEmulator> m_notion;
    Mapping m_mapping;

    NotionClientOptions notionOptions() const {
        NotionClientOptions notion;
        notion.baseUrl = m_notion->baseUrl();
        notion.token = notionemu::NotionEmulator::defaultToken();
        notion.requestsPerSecond = 200;
        notion.burst = 50;
        return notion;
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        PGNOTION_REQUIRE(*m_db);
        m_notion = std::make_unique<notionemu::NotionEmulator>();
        QVERIFY(m_notion->start());
        m_notion->setRateLimit(0, 0);
        auto mapping = MappingLoader::defaultMapping();
        QVERIFY(mapping.ok());
        m_mapping = mapping.value();
        QHash<QString, QString> dataSources;
        for (const QString &name : m_mapping.syncOrder()) {
            auto properties = MappingSchema::dataSourceProperties(m_mapping, name, dataSources);
            QVERIFY(properties.ok());
            const auto created =
                m_notion->createDatabase(m_mapping.resource(name)->databaseTitle, properties.value());
            QVERIFY(!created.databaseId.isEmpty());
            dataSources.insert(name, created.dataSourceId);
            for (ResourceMapping &resource : m_mapping.resources) {
                if (resource.name == name)
                    resource.notionDatabase = created.databaseId;
            }
        }
    }

    void cleanup() {
        m_notion.reset();
        m_db.reset();
    }

    void showsTheDriftAndRepairQueuesTheFix() {
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO projects (name) VALUES ('Alpha')")));
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM pgnotion.sync_queue"))); // as if never synced
        VerifyDialog dialog(m_db->urlString(), m_mapping, notionOptions());
        QSignalSpy verified(&dialog, &VerifyDialog::verified);
        QSignalSpy repaired(&dialog, &VerifyDialog::repaired);
        QSignalSpy failed(&dialog, &VerifyDialog::failed);
        dialog.verify();
        QVERIFY2(verified.wait(20000),
                 qPrintable(failed.isEmpty() ? QString() : failed.first().at(0).toString()));
        QCOMPARE(verified.first().at(0).toBool(), true);
        const QString report =
            dialog.findChild<QPlainTextEdit *>(QStringLiteral("verifyReportView"))->toPlainText();
        QVERIFY2(report.contains(QStringLiteral("missing_page")), qPrintable(report));
        auto *repair = dialog.findChild<QPushButton *>(QStringLiteral("repairButton"));
        QVERIFY(repair->isEnabled());
        QTest::mouseClick(repair, Qt::LeftButton);
        QVERIFY(repaired.wait(20000));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE resource_type = "
                                             "'project' AND status = 'pending'"))
                     .toInt(),
                 1);
        QVERIFY(!repair->isEnabled()); // verify again once the queue has drained
    }

    void aCleanWorkspaceHasNoDrift() {
        VerifyDialog dialog(m_db->urlString(), m_mapping, notionOptions());
        QSignalSpy verified(&dialog, &VerifyDialog::verified);
        dialog.verify();
        QVERIFY(verified.wait(20000));
        QCOMPARE(verified.first().at(0).toBool(), false);
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("repairButton"))->isEnabled());
    }

    void theResourcesPageOffersItOnceNotionIsKnown() {
        MainWindow window;
        auto *button = window.findChild<QPushButton *>(QStringLiteral("verifyWithNotionButton"));
        QVERIFY(button);
        QVERIFY(button->isHidden());
        window.setNotion(notionOptions());
        QVERIFY(!button->isHidden());
    }
};

QTEST_MAIN(TestVerifyDialog)
#include "tst_verifydialog.moc"

#include "alerts/AlertRules.h"

#include <QTest>

using namespace pgnotion;

// Alert rules: the seed's thresholds by default, editable, raised above them, cleared below, each once.
class TestAlerts : public QObject {
    Q_OBJECT

    static AlertInputs healthy() {
        AlertInputs inputs;
        inputs.health.successRateHour = 0.99;
        inputs.health.p95Ms = 800;
        inputs.health.queueDepth = 12;
        inputs.newestHeartbeat = inputs.now.addSecs(-5);
        return inputs;
    }
    static QStringList ids(const QList<Alert> &alerts) {
        QStringList result;
        for (const Alert &alert : alerts)
            result.append(alert.id);
        return result;
    }

private Q_SLOTS:
    void aHealthySyncRaisesNothing() { QCOMPARE(AlertRules::evaluate(healthy(), {}).size(), 0); }

    void eachThresholdRaisesAboveItAndNotAtIt() {
        AlertInputs inputs = healthy();
        inputs.health.successRateHour = 0.90; // exactly 10 % failed: not above
        inputs.health.p95Ms = 30000;
        inputs.health.queueDepth = 100;
        QCOMPARE(AlertRules::evaluate(inputs, {}).size(), 0);

        inputs.health.successRateHour = 0.85;
        inputs.health.p95Ms = 31000;
        inputs.health.queueDepth = 101;
        inputs.notionTokenRejected = true;
        inputs.newestHeartbeat = inputs.now.addSecs(-90);
        const QList<Alert> alerts = AlertRules::evaluate(inputs, {});
        QCOMPARE(ids(alerts), (QStringList{QStringLiteral("failure_rate"), QStringLiteral("latency"),
                                           QStringLiteral("queue_depth"), QStringLiteral("token_rejected"),
                                           QStringLiteral("no_heartbeat")}));
        QCOMPARE(alerts[0].message,
                 QStringLiteral("15.0 % of syncs failed in the last hour (alert above 10 %)"));
        QCOMPARE(alerts[1].message,
                 QStringLiteral("Syncs take 31.0 s to reach Notion (p95, last hour; alert above 30 s)"));
        QCOMPARE(alerts[2].message, QStringLiteral("101 jobs are waiting (alert above 100)"));
        QVERIFY(alerts[4].message.contains(QStringLiteral("90 s")));
    }

    void nothingRanIsNoFailure() {
        AlertInputs inputs = healthy();
        inputs.health.successRateHour.reset();
        inputs.health.p95Ms.reset();
        QCOMPARE(AlertRules::evaluate(inputs, {}).size(), 0);
        inputs.newestHeartbeat.reset(); // but no engine at all is worth saying
        QCOMPARE(ids(AlertRules::evaluate(inputs, {})), QStringList{QStringLiteral("no_heartbeat")});
    }

    void thresholdsAreEditable() {
        AlertThresholds strict;
        strict.queueDepth = 10;
        strict.failureRate = 0.005;
        QCOMPARE(ids(AlertRules::evaluate(healthy(), strict)),
                 (QStringList{QStringLiteral("failure_rate"), QStringLiteral("queue_depth")}));
    }

    void alertsAreRaisedAndClearedOnceWithHistory() {
        AlertTracker tracker;
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        AlertInputs inputs = healthy();
        inputs.health.queueDepth = 150;
        auto changes = tracker.update(AlertRules::evaluate(inputs, {}), t0);
        QCOMPARE(changes.size(), 1);
        QVERIFY(changes[0].raised);
        QCOMPARE(changes[0].alert.id, QStringLiteral("queue_depth"));

        inputs.health.queueDepth = 170; // still raised: no new notification, message follows the figure
        QCOMPARE(tracker.update(AlertRules::evaluate(inputs, {}), t0.addSecs(5)).size(), 0);
        QVERIFY(tracker.active().first().message.contains(QStringLiteral("170")));

        inputs.health.queueDepth = 20;
        changes = tracker.update(AlertRules::evaluate(inputs, {}), t0.addSecs(10));
        QCOMPARE(changes.size(), 1);
        QVERIFY(!changes[0].raised);
        QCOMPARE(tracker.active().size(), 0);
        QCOMPARE(tracker.history().size(), 2);
        QCOMPARE(tracker.history().last().at, t0.addSecs(10));
    }
};

QTEST_GUILESS_MAIN(TestAlerts)
#include "tst_alerts.moc"

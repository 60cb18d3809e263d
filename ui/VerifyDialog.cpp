#include "VerifyDialog.h"

#include "db/DatabaseConnection.h"
#include "verify/VerifySession.h"

#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace pgnotion {

VerifyDialog::VerifyDialog(QString databaseUrl, Mapping mapping, NotionClientOptions notion, QWidget *parent)
    : QDialog(parent)
    , m_databaseUrl(std::move(databaseUrl))
    , m_mapping(std::move(mapping))
    , m_notion(std::move(notion)) {
    setObjectName(QStringLiteral("verifyDialog"));
    setWindowTitle(tr("Verify with Notion"));
    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel(tr("Compares every mapped row with its Notion page: missing, gone, duplicate and "
                             "orphan pages, differing properties, broken relations."),
                          this);
    m_status->setObjectName(QStringLiteral("verifyStatusLabel"));
    m_status->setWordWrap(true);
    m_reportView = new QPlainTextEdit(this);
    m_reportView->setObjectName(QStringLiteral("verifyReportView"));
    m_reportView->setReadOnly(true);
    m_reportView->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_verifyButton = buttons->addButton(tr("Verify"), QDialogButtonBox::ActionRole);
    m_verifyButton->setObjectName(QStringLiteral("verifyButton"));
    m_repairButton = buttons->addButton(tr("Repair"), QDialogButtonBox::ActionRole);
    m_repairButton->setObjectName(QStringLiteral("repairButton"));
    m_repairButton->setToolTip(tr("Queue the fixes: resyncs; extra duplicate pages go to Notion's trash"));
    m_repairButton->setEnabled(false);
    connect(m_verifyButton, &QPushButton::clicked, this, &VerifyDialog::verify);
    connect(m_repairButton, &QPushButton::clicked, this, &VerifyDialog::repair);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_status);
    layout->addWidget(m_reportView, 1);
    layout->addWidget(buttons);
    resize(900, 520);
}

void VerifyDialog::setBusy(bool busy, const QString &status) {
    m_verifyButton->setEnabled(!busy);
    m_repairButton->setEnabled(!busy && m_report && m_report->hasDrift());
    m_status->setText(status);
}

void VerifyDialog::verify() {
    setBusy(true,
            tr("Verifying: reading every mapped table and data source (within Notion's rate limit)..."));
    auto *watcher = new QFutureWatcher<Result<DriftReport>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto report = watcher->result();
        watcher->deleteLater();
        if (!report) {
            m_report.reset();
            setBusy(false, tr("Verify failed: %1").arg(report.error().message));
            Q_EMIT failed(report.error().message);
            return;
        }
        m_report = report.value();
        m_reportView->setPlainText(m_report->toText());
        setBusy(false, m_report->hasDrift() ? tr("Drift found: Repair queues the fixes")
                                            : tr("No drift: Postgres and Notion agree"));
        Q_EMIT verified(m_report->hasDrift());
    });
    watcher->setFuture(QtConcurrent::run(
        [url = m_databaseUrl, mapping = m_mapping, notion = m_notion]() -> Result<DriftReport> {
            return withConnection(url, QStringLiteral("verify"),
                                  [&](QSqlDatabase database) -> Result<DriftReport> {
                                      VerifySession session(mapping, notion);
                                      if (auto prepared = session.prepare(); !prepared)
                                          return prepared.error();
                                      return session.check(database);
                                  });
        }));
}

void VerifyDialog::repair() {
    if (!m_report)
        return;
    setBusy(true, tr("Queueing the fixes..."));
    auto *watcher = new QFutureWatcher<Result<RepairOutcome>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto outcome = watcher->result();
        watcher->deleteLater();
        if (!outcome) {
            setBusy(false, tr("Repair failed: %1").arg(outcome.error().message));
            Q_EMIT failed(outcome.error().message);
            return;
        }
        m_reportView->appendPlainText(QStringLiteral("\n") + outcome.value().toText());
        m_report.reset(); // the fixes run through the queue: verify again once it has drained
        setBusy(false, tr("Fixes queued: verify again once the queue has drained"));
        Q_EMIT repaired();
    });
    watcher->setFuture(QtConcurrent::run([url = m_databaseUrl, mapping = m_mapping, notion = m_notion,
                                          report = *m_report]() -> Result<RepairOutcome> {
        return withConnection(url, QStringLiteral("repair"),
                              [&](QSqlDatabase database) -> Result<RepairOutcome> {
                                  VerifySession session(mapping, notion);
                                  if (auto prepared = session.prepare(); !prepared)
                                      return prepared.error();
                                  return session.repair(database, report);
                              });
    }));
}

} // namespace pgnotion

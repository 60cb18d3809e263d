#pragma once

#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"
#include "verify/DriftReport.h"

#include <QDialog>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace pgnotion {

// The dashboard's verify action: compares every mapped row with its Notion page (VerifySession, on a pool
// thread with its own connection), shows the drift report, and Repair queues its fixes.
class VerifyDialog : public QDialog {
    Q_OBJECT
public:
    VerifyDialog(QString databaseUrl, Mapping mapping, NotionClientOptions notion, QWidget *parent = nullptr);

public Q_SLOTS:
    void verify();
    void repair();

Q_SIGNALS:
    void verified(bool driftFound);
    void repaired();
    void failed(const QString &message);

private:
    void setBusy(bool busy, const QString &status);

    QString m_databaseUrl;
    Mapping m_mapping;
    NotionClientOptions m_notion;
    std::optional<DriftReport> m_report;
    QPlainTextEdit *m_reportView = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_verifyButton = nullptr;
    QPushButton *m_repairButton = nullptr;
};

} // namespace pgnotion

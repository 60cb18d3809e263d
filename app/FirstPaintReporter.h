#pragma once

#include <QElapsedTimer>
#include <QObject>

class QWidget;

namespace pgnotion {

class MainWindow;

// For `pgnotion-bench dashboard` (PGNOTION_REPORT_FIRST_PAINT=1): prints one line to standard output when
// the window first paints after the Overview received its first figures, i.e. when an admin first sees
// the sync's health.
class FirstPaintReporter : public QObject {
    Q_OBJECT
public:
    explicit FirstPaintReporter(MainWindow *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    MainWindow *m_window;
    QElapsedTimer m_sinceStart;
    bool m_figuresArrived = false;
};

} // namespace pgnotion

#include "FirstPaintReporter.h"

#include "MainWindow.h"
#include "OverviewPage.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTextStream>
#include <QWidget>

#include <cstdio>

namespace pgnotion {

FirstPaintReporter::FirstPaintReporter(MainWindow *window)
    : QObject(window)
    , m_window(window) {
    m_sinceStart.start();
    connect(window->overviewPage(), &OverviewPage::refreshed, this, [this] {
        if (m_figuresArrived)
            return;
        m_figuresArrived = true;
        qApp->installEventFilter(this);
    });
}

bool FirstPaintReporter::eventFilter(QObject *watched, QEvent *event) {
    if (event->type() == QEvent::Paint && watched->isWidgetType() &&
        static_cast<QWidget *>(watched)->window() == m_window) {
        qApp->removeEventFilter(this);
        QTextStream(stdout) << "pgnotion: overview painted " << m_sinceStart.elapsed()
                            << " ms after the window was made" << Qt::endl;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace pgnotion

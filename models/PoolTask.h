#pragma once

#include <QDateTime>
#include <QFuture>
#include <QPromise>
#include <QString>
#include <QThreadPool>

#include <memory>

namespace pgnotion {

// QtConcurrent::run without QtConcurrent (the models library links QtCore only): `function` runs on `pool`
// and its result arrives through the returned future, for a QFutureWatcher owned by the model.
template <typename T, typename Function>
QFuture<T> runInPool(QThreadPool &pool, Function function) {
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    pool.start([promise, function = std::move(function)]() mutable {
        promise->addResult(function());
        promise->finish();
    });
    return future;
}

template <typename T, typename Function>
QFuture<T> runInPool(Function function) {
    return runInPool<T>(*QThreadPool::globalInstance(), std::move(function));
}

// A time as the tables show it: local, to the second; empty when there is none.
inline QString shownTime(const QDateTime &time) {
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace pgnotion

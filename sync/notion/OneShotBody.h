#pragma once

#include <QByteArray>
#include <QIODevice>

namespace pgnotion {

// A request body that can be read once and never rewound. Qt 6.4's HTTP/1 stack silently sends a request
// again, POST included, when the connection drops before the answer; for a page create that means a
// second page. With a body Qt cannot rewind (and told not to buffer it), Qt reports ContentReSendError
// instead, and the engine decides: look the page up before creating it again.
class OneShotBody : public QIODevice {
    Q_OBJECT
public:
    explicit OneShotBody(QByteArray data, QObject *parent = nullptr);

    bool isSequential() const override { return true; }
    // Never rewound: this refusal is what stops Qt from sending the request a second time.
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_position = 0;
};

} // namespace pgnotion

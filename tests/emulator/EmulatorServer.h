#pragma once

#include "EmulatorCore.h"

#include <QAbstractHttpServer>

#include <memory>

namespace notionemu {

// The HTTP side: hands every request to the core and carries out its outcome — answer now, answer later
// (latency), or drop the connection (reset faults). Lives in the emulator's own thread.
class EmulatorServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    explicit EmulatorServer(std::shared_ptr<EmulatorCore> core, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    std::shared_ptr<EmulatorCore> m_core;
};

} // namespace notionemu

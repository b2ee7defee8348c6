using System.Net.Sockets;
using System.Reflection;
using SmtpServer;
using SmtpServer.Net;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// The SmtpServer package's listener with Nagle's algorithm off on every accepted connection (Linux hands the
/// listening socket's TCP_NODELAY down to them). Left on, a server that writes several pipelined replies makes
/// each message wait for the client's delayed ACK, about 40 ms — a test server, not the app, would set the pace.
/// The package keeps its TcpListener private, hence the reflection; also compiled into bench/MailBench.
/// </summary>
public sealed class NoDelayListeners : EndpointListenerFactory
{
    public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = base.CreateListener(endpointDefinition);
        var field = listener.GetType().GetField("_tcpListener", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("The SmtpServer package no longer keeps its TcpListener in _tcpListener; update NoDelayListeners.");
        ((TcpListener)field.GetValue(listener)!).Server.NoDelay = true;
        return listener;
    }
}

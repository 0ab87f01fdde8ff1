using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VoicePrompts.Telephony.Channels.AudioSocket
{
    /// <summary>
    /// Listens for Asterisk's AudioSocket connections (<c>AudioSocket(uuid,host:port)</c> in the dialplan) when
    /// <see cref="TelephonyOptions.AudioSocketPort"/> is set; each connection is a call run by the app's
    /// <see cref="IPhoneCallHandler"/>.
    /// </summary>
    internal sealed class AudioSocketServer(IOptions<TelephonyOptions> options, IServiceProvider services, ILogger<AudioSocketServer> logger) : BackgroundService
    {
        private TcpListener? _listener;

        /// <summary>The port listened on (the configured one, or the one the OS chose for port 0).</summary>
        public int? Port { get; private set; }

        public override Task StartAsync(CancellationToken cancellationToken)
        {
            var settings = options.Value;
            if (settings.AudioSocketPort is not int port)
                return Task.CompletedTask;
            var address = IPAddress.Parse(settings.AudioSocketAddress);
            _listener = new TcpListener(address, port);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            logger.LogInformation("AudioSocket listening on {Address}:{Port}", address, Port);
            return base.StartAsync(cancellationToken);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (_listener is null)
                return;
            var calls = new List<Task>();
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
                    var call = Task.Run(() => RunAsync(client, stoppingToken), CancellationToken.None);
                    lock (calls)
                    {
                        calls.RemoveAll(t => t.IsCompleted);
                        calls.Add(call);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                _listener.Stop();
                Task[] running;
                lock (calls) running = calls.ToArray();
                await Task.WhenAll(running).ConfigureAwait(false);
            }
        }

        private async Task RunAsync(TcpClient client, CancellationToken stoppingToken)
        {
            using var _ = client;
            client.NoDelay = true;
            var remote = (client.Client.RemoteEndPoint as IPEndPoint)?.Address;
            if (!IsAllowed(remote))
            {
                logger.LogWarning("AudioSocket: refused a connection from {Remote}, which is not in Telephony:AudioSocketAllowedPeers", remote);
                return;
            }
            var stream = client.GetStream();
            Guid? uuid;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                try
                {
                    uuid = await AudioSocketChannel.ReadUuidAsync(stream, logger, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    logger.LogWarning("AudioSocket: no call UUID from {Remote}: {Error}", remote, ex.Message);
                    return;
                }
            }
            if (uuid is not Guid id)
                return;
            await using var channel = new AudioSocketChannel(stream, id, logger);
            var call = new PhoneCall(channel, services.GetRequiredService<ISpeechClient>(), logger);
            var receive = channel.ReceiveAsync(call, stoppingToken);
            var flow = call.RunAsync(services.GetRequiredService<IPhoneCallHandler>());
            if (await Task.WhenAny(receive, flow).ConfigureAwait(false) == flow && !receive.IsCompleted)
            {
                // We hung up: Asterisk closes the connection; if it does not, we do.
                if (await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false) != receive)
                    client.Close();
            }
            await receive.ConfigureAwait(false);
            call.End();
            await flow.ConfigureAwait(false);
        }

        private bool IsAllowed(IPAddress? remote)
        {
            var settings = options.Value;
            if (remote is null)
                return false;
            if (settings.AllowUnauthenticated || IPAddress.IsLoopback(remote))
                return true;
            var peer = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            return settings.AudioSocketAllowedPeers.Any(a => IPAddress.TryParse(a, out var allowed) && allowed.Equals(peer));
        }
    }
}

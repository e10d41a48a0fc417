package io.mcpconfig.server.sync;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mcpconfig.protocol.v1.ClientMessage;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.protocol.v1.FetchRequest;
import io.mcpconfig.protocol.v1.ServerMessage;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.ServerId;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.release.InvalidTargetException;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.SyncAccess;
import io.mcpconfig.server.store.StoreUnavailableException;
import net.devh.boot.grpc.server.service.GrpcService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The gRPC face of the config center ({@code mcp.v1.ConfigService}): {@code Fetch}
 * answers one snapshot, {@code Sync} opens a {@link SyncSession}.
 */
@GrpcService
public class ConfigSyncService extends ConfigServiceGrpc.ConfigServiceImplBase {

	private static final Log logger = LogFactory.getLog(ConfigSyncService.class);

	private final SyncContext context;

	public ConfigSyncService(EffectiveConfigResolver resolver, SessionRegistry sessions, InstanceRegistry instances,
			SyncWorkers workers, ServerId serverId, McpServerProperties properties, SyncAccess access,
			GrayNackListener grayNacks, SyncMetrics metrics) {
		this.context = new SyncContext(resolver, sessions, instances, workers, serverId, properties.sync(),
				new VersionRegressionWarnings(), access, new UpdateTemplates(), grayNacks, metrics,
				new SessionQuotas(properties.sync().maxSessionsPerToken(), properties.sync().maxTotalInstanceInfoSize(),
						properties.sync().instanceInfoSizePerToken()));
	}

	/**
	 * Answers from the store through the sessions' read workers: gRPC runs this on one of
	 * the few threads that serve every call (Netty's event loops,
	 * {@link GrpcCallbackExecutor}), which must never wait on the store; a full read queue
	 * is {@code RESOURCE_EXHAUSTED} with a retry hint, as for a subscribe.
	 */
	@Override
	public void fetch(FetchRequest request, StreamObserver<ConfigSnapshot> responseObserver) {
		Target target;
		ApiToken caller = context.access().caller();
		try {
			target = target(request.getTarget());
			context.access().requireSync(caller, target);
			InstanceInfoLimits.check(request.getInstance());
		}
		catch (StatusRuntimeException ex) {
			responseObserver.onError(ex);
			return;
		}
		ServerCallStreamObserver<ConfigSnapshot> call = (ServerCallStreamObserver<ConfigSnapshot>) responseObserver;
		context.workers().read(() -> snapshotFor(call, target, request, caller), Runnable::run, (snapshot, error) -> {
			if (!call.isCancelled()) {
				answer(call, target, snapshot, error);
			}
		});
	}

	/** On a read thread: nothing for a client that gave up meanwhile, and no wait on a store found down. */
	private ConfigSnapshot snapshotFor(ServerCallStreamObserver<ConfigSnapshot> call, Target target,
			FetchRequest request, ApiToken caller) {
		if (call.isCancelled()) {
			return null;
		}
		EffectiveConfigResolver resolver = context.resolver();
		resolver.requireStoreAvailable();
		return resolver.resolve(target, request.getInstance(), caller).toSnapshot();
	}

	private static void answer(StreamObserver<ConfigSnapshot> responseObserver, Target target, ConfigSnapshot snapshot,
			RuntimeException error) {
		if (error == null) {
			responseObserver.onNext(snapshot);
			responseObserver.onCompleted();
			return;
		}
		StatusRuntimeException refused = refusal(error);
		if (refused == null) {
			logger.error("Fetch of " + target + " failed", error);
			refused = Status.INTERNAL.withDescription("server error: " + error).asRuntimeException();
		}
		responseObserver.onError(refused);
	}

	/**
	 * How a failed store read is answered, for a fetch and a subscribe alike: the store down
	 * is UNAVAILABLE, a full read queue RESOURCE_EXHAUSTED with a retry hint, a refusal its
	 * own status; {@code null} for anything else, a bug.
	 */
	static StatusRuntimeException refusal(RuntimeException readError) {
		if (readError instanceof StoreUnavailableException unavailable) {
			return unavailable(unavailable).asRuntimeException();
		}
		if (readError instanceof ReadQueueFullException) {
			return SyncSession.busy().asRuntimeException(SyncSession.pushback());
		}
		return (readError instanceof StatusRuntimeException refused) ? refused : null;
	}

	@Override
	public StreamObserver<ClientMessage> sync(StreamObserver<ServerMessage> responseObserver) {
		// the call's token and connection are known here, on the call's thread; the session works on others
		return new SyncSession((ServerCallStreamObserver<ServerMessage>) responseObserver, context,
				context.access().caller(), PeerConnection.current());
	}

	/**
	 * UNAVAILABLE when the store cannot be read (etcd down or without a leader): nothing
	 * is served from a cache, because a replica cut off from etcd cannot know whether what
	 * it last saw is still current. The client keeps what it holds and tries again.
	 */
	static Status unavailable(StoreUnavailableException ex) {
		return Status.UNAVAILABLE.withDescription("the release store is unavailable: " + ex.getMessage()
				+ "; keep the configuration you hold and try again");
	}

	/** The target a client names, or INVALID_ARGUMENT saying what is wrong with it. */
	static Target target(io.mcpconfig.protocol.v1.Target target) {
		try {
			return new Target(target.getApp(), target.getEnv());
		}
		catch (InvalidTargetException ex) {
			throw Status.INVALID_ARGUMENT.withDescription("target." + ex.getMessage()).asRuntimeException();
		}
	}

}

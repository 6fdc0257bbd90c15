import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route label: the pattern Fastify matched (`/v1/media/:id`), never the URL, which holds ids and queries. */
export function routeLabel(request: FastifyRequest): string {
  return request.routeOptions?.url ?? 'unmatched';
}

/**
 * Latency of every HTTP request by method, route pattern and status, from a Fastify onResponse
 * hook: it sees what a Nest interceptor would miss (unknown routes, guard refusals, body errors).
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    metrics: MetricsRegistry,
  ) {
    this.duration = metrics.histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'HTTP request latency by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
  }

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return; // a bare application context has no HTTP server
    // Hooks added before Fastify is ready apply to every route, including those Nest already registered.
    (adapter.getInstance() as FastifyInstance).addHook('onResponse', async (request, reply) =>
      this.observe(request, reply),
    );
  }

  private observe(request: FastifyRequest, reply: FastifyReply): void {
    this.duration.observe(
      {
        method: METHODS.has(request.method) ? request.method : 'OTHER',
        route: routeLabel(request),
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  }
}

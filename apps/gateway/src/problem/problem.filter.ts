import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemOf } from './problem-details';
import { toDomainError } from './to-domain-error';

/**
 * The one place errors become responses: every failure, ours or the framework's, is sent as
 * application/problem+json with a stable code and the correlation id. Unexpected errors are
 * logged in full and answered without their message.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toDomainError(exception);
    if (error.code === 'INTERNAL') this.logger.error({ err: exception, url: request.url }, 'request failed');
    const problem = problemOf(error, String(request.id), request.url.split('?')[0]);
    if (reply.sent) return;
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}

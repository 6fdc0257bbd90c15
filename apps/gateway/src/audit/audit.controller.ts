import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditTrail } from '@ams/audit-trail';
import { AUDIT_MY_EVENTS_V1, AUDIT_SEARCH_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AdminGuard } from '../auth/admin.guard';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';
import { AdminAuditQuery, AuditPageDto, MyAuditQuery } from './dto/audit.dto';

/** The signed-in user's own audit trail: sign-ins, billing changes, refusals… */
@ApiTags('account')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/audit')
export class MyAuditController {
  constructor(private readonly bus: MessageBus) {}

  @Get('me')
  @ApiOperation({ summary: 'Your audit trail, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, or INVALID_CURSOR' })
  mine(@CurrentUser() user: SignedInUser, @Query() query: MyAuditQuery): Promise<AuditPageDto> {
    return this.bus.request(AUDIT_MY_EVENTS_V1, { userId: user.id, limit: query.limit, cursor: query.cursor });
  }
}

/** Everyone's audit trail, for administrators. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AuthGuard, AdminGuard)
@ApiForbiddenResponse({ description: 'FORBIDDEN: administrators only' })
@Controller('v1/admin/audit-logs')
export class AdminAuditController {
  constructor(
    private readonly bus: MessageBus,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every audit entry, newest first, narrowed by user, category, risk, event type and time' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, or INVALID_CURSOR' })
  search(@CurrentUser() admin: SignedInUser, @Query() query: AdminAuditQuery): Promise<AuditPageDto> {
    // Who looked at everyone's trail, and for what: the filters, never the entries returned.
    const { cursor, ...filters } = query;
    this.audit.record('admin.audit_searched', {
      userId: admin.id,
      actorType: 'admin',
      actorIdentifier: admin.email,
      metadata: { filters, nextPage: cursor !== undefined },
    });
    return this.bus.request(AUDIT_SEARCH_V1, query);
  }
}

import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PG_INT_MAX } from '@agora/platform';
import { EditMessageDto, SendMessageDto } from '../dto/discussions.dto';

/** Validated shapes of the client -> server events (unknown fields are refused, as over HTTP). */
export class ThreadPayload {
  @IsUUID() threadId!: string;
}

export class JoinThreadPayload extends ThreadPayload {
  @IsOptional() @IsInt() @Min(0) @Max(PG_INT_MAX) afterSeq?: number;
}

export class SendMessagePayload extends SendMessageDto {
  @IsUUID() threadId!: string;
}

export class MessagePayload {
  @IsUUID() messageId!: string;
}

export class EditMessagePayload extends EditMessageDto {
  @IsUUID() messageId!: string;
}

export class ReadPayload extends ThreadPayload {
  @IsInt() @Min(0) @Max(PG_INT_MAX) seq!: number;
}

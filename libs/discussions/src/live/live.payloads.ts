import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { EditMessageDto, SendMessageDto } from '../dto/discussions.dto';

/** Validated shapes of the client -> server events (unknown fields are refused, as over HTTP). */
export class ThreadPayload {
  @IsUUID() threadId!: string;
}

export class JoinThreadPayload extends ThreadPayload {
  @IsOptional() @IsInt() @Min(0) afterSeq?: number;
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
  @IsInt() @Min(0) seq!: number;
}

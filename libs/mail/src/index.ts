export * from './mail.layout';
export * from './mail.module';
export * from './mail.transport';

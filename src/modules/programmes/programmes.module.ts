import { Module } from '@nestjs/common';
import { ProgrammePagesController } from './programme-pages.controller';
import { ProgrammesController } from './programmes.controller';
import { ProgrammesRepository } from './programmes.repository';
import { ProgrammesService } from './programmes.service';

@Module({
  controllers: [ProgrammesController, ProgrammePagesController],
  providers: [ProgrammesRepository, ProgrammesService],
  exports: [ProgrammesRepository],
})
export class ProgrammesModule {}

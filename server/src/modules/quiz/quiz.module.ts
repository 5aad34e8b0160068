import { Module } from '@nestjs/common';

// filled in by the quiz work in progress
@Module({})
export class QuizModule {}
